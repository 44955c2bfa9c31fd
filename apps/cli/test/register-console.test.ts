// register (XEP-0077) and console against a real server.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { killAll, removeHome, runCli } from "./cli";
import { type CliServer, cliServer } from "./server";

let open: CliServer;
let closed: CliServer;
beforeAll(async () => {
  open = await cliServer({ registration: true });
  closed = await cliServer();
  await closed.t.addUser("alice");
});
afterEach(() => killAll());
afterAll(async () => {
  await open.t.stop();
  await closed.t.stop();
  removeHome();
});

describe("parley register", () => {
  it("creates an account that can then log in; a second time is a conflict (7)", async () => {
    const r = await runCli([...open.flags, "register", "newbie@localhost", "--password", "s3cret"]);
    expect(r).toEqual({ code: 0, stdout: "registered newbie@localhost\n", stderr: "" });
    expect(await open.t.storage.accounts.exists("newbie@localhost")).toBe(true);
    const login = await runCli([...open.flags, ...open.as("newbie", "s3cret"), "disco"]);
    expect(login.code).toBe(0);
    const again = await runCli([...open.flags, "register", "newbie@localhost"], {
      env: { PARLEY_PASSWORD: "x" },
    });
    expect(again.code).toBe(7);
    expect(again.stderr).toBe("parley: newbie@localhost already exists (conflict)\n");
  });

  it("says clearly when the server does not offer registration (7)", async () => {
    const r = await runCli([
      ...closed.flags,
      "register",
      "newbie@localhost",
      "--password",
      "s3cret",
    ]);
    expect(r.code).toBe(7);
    expect(r.stderr).toContain("localhost does not offer in-band registration (XEP-0077)");
  });

  it("needs a password (2 without one and without a terminal) and refuses a bad JID (2)", async () => {
    let r = await runCli([...open.flags, "register", "other@localhost"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no password");
    r = await runCli([...open.flags, "register", "localhost", "--password", "x"]);
    expect(r.code).toBe(2);
  });

  it("reports certificate problems (5) before registering", async () => {
    const flags = open.flags.filter((f) => f !== "--insecure");
    const r = await runCli([...flags, "register", "x@localhost", "--password", "p"]);
    expect(r.code).toBe(5);
    expect(await open.t.storage.accounts.exists("x@localhost")).toBe(false);
  });
});

describe("parley console", () => {
  const as = () => [...closed.flags, ...closed.as("alice")];

  it("sends piped stanzas (one spanning lines) and prints what comes back, indented", async () => {
    const input = [
      '<iq type="get" id="d1" to="localhost"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>',
      '<iq type="get" id="v1"',
      '    to="localhost">',
      '  <query xmlns="jabber:iq:version"/>',
      "</iq>",
      "",
    ].join("\n");
    const r = await runCli([...as(), "console"], { stdin: input });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^connected as alice@localhost\/\S+; type XML stanzas/);
    expect(r.stdout).toMatch(
      /^<iq from="localhost" id="d1" to="alice@localhost\/\S+" type="result">\n {2}<query xmlns="http:\/\/jabber.org\/protocol\/disco#info">\n {4}<identity category="server" type="im" name="Parley"\/>\n/m,
    );
    expect(r.stdout).toMatch(
      /^<iq from="localhost" id="v1" to="alice@localhost\/\S+" type="result">\n {2}<query xmlns="jabber:iq:version">\n {4}<name>[^<]+<\/name>/m,
    );
  });

  it("reports malformed input without sending it, goes on, and ends with 2", async () => {
    const input = [
      '<iq type="get" id="x"><query></iq>',
      "hello",
      '<iq type="get" id="p1" to="localhost"><ping xmlns="urn:xmpp:ping"/></iq>',
      "<message",
    ].join("\n");
    const r = await runCli([...as(), "console"], { stdin: `${input}\n` });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not well-formed, not sent");
    expect(r.stderr).toContain("not XML, not sent: hello");
    expect(r.stderr).toContain("incomplete XML at the end of input, not sent: <message");
    expect(r.stderr).toContain("parley: 3 inputs were not sent");
    // The good stanza between the bad ones went out and was answered (no ping handler here).
    expect(r.stdout).toMatch(
      /<iq from="localhost" id="p1" to="alice@localhost\/\S+" type="error">/,
    );
    expect(r.stdout).toContain(
      '<service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/>',
    );
  });
});
