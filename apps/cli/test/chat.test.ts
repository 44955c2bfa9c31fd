// `parley chat` driven through a pipe: messages both ways, presence of the peer, /history, /quit.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { killAll, removeHome, runCli, spawnCli } from "./cli";
import { type CliServer, cliServer } from "./server";

let s: CliServer;
beforeAll(async () => {
  s = await cliServer();
  for (const u of ["alice", "bob"]) await s.t.addUser(u);
  // Mutual subscription, so that each sees the other's presence (RFC 6121 §3).
  await s.t.storage.roster.setItem("alice@localhost", {
    jid: "bob@localhost",
    subscription: "both",
    groups: [],
  });
  await s.t.storage.roster.setItem("bob@localhost", {
    jid: "alice@localhost",
    subscription: "both",
    groups: [],
  });
});
afterEach(() => killAll());
afterAll(async () => {
  await s.t.stop();
  removeHome();
});

const as = (local: string, ...args: string[]) => [...s.flags, ...s.as(local), ...args];
const T = "\\[\\d\\d:\\d\\d:\\d\\d\\]";

describe("parley chat", () => {
  it("sends typed lines, prints incoming ones and presence changes, shows /history, ends on /quit", async () => {
    const bob = await s.t.login("bob", { resource: "desk" });
    bob.send("<presence/>");
    const chat = spawnCli(as("alice", "chat", "bob@localhost"));
    // alice's available presence reaches bob, who answers with a message and a status change.
    await bob.expect(
      (el) => el.localName === "presence" && (el.attr("from") ?? "").startsWith("alice@localhost/"),
      { timeoutMs: 10_000 },
    );
    chat.write("hi bob\n");
    const got = await bob.expect((el) => el.localName === "message", { timeoutMs: 10_000 });
    expect(got.getChildText("body")).toBe("hi bob");
    expect(got.attr("type")).toBe("chat");
    bob.send(
      `<message to="${got.attr("from")}" type="chat"><body>hi alice\nhow are you?</body></message>`,
    );
    await chat.waitFor(new RegExp(`${T} bob@localhost: hi alice\\n +how are you\\?`));
    bob.send(
      `<presence to="${got.attr("from")}"><show>away</show><status>lunch</status></presence>`,
    );
    await chat.waitFor(new RegExp(`${T} \\* bob@localhost/desk is away \\(lunch\\)`));
    chat.write("/history\n");
    await chat.waitFor(/--- end of history ---/);
    chat.write("/nonsense\n/quit\n");
    const r = await chat.result();
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout.split("\n");
    const history = lines.slice(lines.indexOf("--- history: 2 messages ---"));
    expect(history[1]).toMatch(new RegExp(`^${T} alice@localhost: hi bob$`));
    expect(history[2]).toMatch(new RegExp(`^${T} bob@localhost: hi alice$`));
    expect(r.stdout).toContain("unknown command /nonsense");
    await bob.close();
  });

  it("ends at the end of piped input, after sending every line", async () => {
    const bob = await s.t.login("bob", { resource: "phone" });
    bob.send("<presence/>");
    const r = await runCli(as("alice", "chat", "bob@localhost/phone"), { stdin: "one\ntwo\n" });
    expect(r.code).toBe(0);
    const bodies: string[] = [];
    for (let i = 0; i < 2; i++) {
      const m = await bob.expect((el) => el.localName === "message");
      bodies.push(m.getChildText("body") ?? "");
    }
    expect(bodies).toEqual(["one", "two"]);
    const said = r.stdout.split("\n").filter((l) => !l.includes(" * "));
    expect(said.join("\n")).toMatch(
      new RegExp(`^${T} alice@localhost: one\\n${T} alice@localhost: two\\n$`),
    );
    expect(r.stdout).toMatch(new RegExp(`^${T} \\* bob@localhost/phone is online$`, "m"));
    await bob.close();
  });

  it("prints the error of a bounced message and goes on", async () => {
    const chat = spawnCli(as("alice", "chat", "ghost@localhost"));
    chat.write("boo\n");
    await chat.waitFor(/! ghost@localhost: service-unavailable/);
    chat.endInput();
    expect((await chat.result()).code).toBe(0);
  });

  it("refuses a bad peer JID (2) and a wrong password (3)", async () => {
    expect((await runCli(as("alice", "chat", "@@"))).code).toBe(2);
    expect(
      (await runCli([...s.flags, ...s.as("alice", "bad"), "chat", "bob@localhost"])).code,
    ).toBe(3);
  });
});
