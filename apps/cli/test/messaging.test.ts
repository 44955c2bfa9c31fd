// send and listen between accounts on a real server, with receipts, bounces and timeouts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { killAll, removeHome, runCli, spawnCli } from "./cli";
import { type CliServer, cliServer } from "./server";

let s: CliServer;
beforeAll(async () => {
  s = await cliServer();
  for (const u of ["alice", "bob", "carol", "dave"]) await s.t.addUser(u);
});
afterEach(() => killAll());
afterAll(async () => {
  await s.t.stop();
  removeHome();
});

const as = (local: string, ...args: string[]) => [...s.flags, ...s.as(local), ...args];

/** A `listen` of `local` that is online (its initial presence has been processed). */
async function listening(local: string, ...args: string[]) {
  const l = spawnCli(as(local, "listen", ...args));
  // The server knows the session is available once its presence reached it; a ping round trip
  // from the same account proves nothing about the other stream, so wait for the broadcast.
  const watcher = await s.t.login(local, { resource: "watch" });
  watcher.send("<presence/>");
  await watcher.expect(
    (el) =>
      el.localName === "presence" &&
      (el.attr("from") ?? "").startsWith(`${local}@localhost/`) &&
      !el.attr("from")!.endsWith("/watch"),
  );
  await watcher.close();
  return l;
}

describe("send and listen", () => {
  it("delivers a message to listen --json with from, to, type, body, id and stamp", async () => {
    const l = await listening("bob", "--json", "--count", "2");
    const sent = await runCli(as("alice", "send", "bob@localhost", "hello bob"));
    expect(sent).toEqual({ code: 0, stdout: "", stderr: "" });
    const piped = await runCli(as("alice", "send", "--type", "normal", "bob@localhost"), {
      stdin: "line one\nline two\n",
    });
    expect(piped.code).toBe(0);
    const r = await l.result();
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ to: "bob@localhost", type: "chat", body: "hello bob" });
    expect(lines[0].from).toMatch(/^alice@localhost\//);
    expect(lines[0].id).toEqual(expect.any(String));
    expect(Number.isNaN(Date.parse(lines[0].stamp))).toBe(false);
    expect(Object.keys(lines[0]).sort()).toEqual(["body", "from", "id", "stamp", "to", "type"]);
    expect(lines[1]).toMatchObject({ type: "normal", body: "line one\nline two" });
  });

  it("prints text lines by default, continuation lines indented", async () => {
    const l = await listening("bob", "--count", "1");
    expect(
      (await runCli(as("alice", "send", "--type", "headline", "bob@localhost", "two\nlines"))).code,
    ).toBe(0);
    const r = await l.result();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^\[\d\d:\d\d:\d\d\] alice@localhost\/\S+ \(headline\): two\n {10,}lines\n$/,
    );
  });

  it("listen gets offline messages with their XEP-0203 stamp", async () => {
    expect((await runCli(as("alice", "send", "carol@localhost", "while you were out"))).code).toBe(
      0,
    );
    const r = await runCli(as("carol", "listen", "--json", "--count", "1"));
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.body).toBe("while you were out");
    expect(m.stamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });

  it("listen ends with 0 on SIGINT and on --timeout without --count", async () => {
    const l = await listening("dave");
    l.child.kill("SIGINT");
    expect((await l.result()).code).toBe(0);
    const timed = await runCli(as("dave", "--timeout", "0.5", "listen"));
    expect(timed.code).toBe(0);
  });

  it("listen --count with --timeout ends with 6 when too few messages came", async () => {
    const r = await runCli(as("dave", "--timeout", "0.5", "listen", "--count", "1"));
    expect(r.code).toBe(6);
    expect(r.stderr).toContain("0 of 1 messages");
  });

  it("send --receipt waits for the XEP-0184 receipt of a parley client", async () => {
    const l = await listening("bob", "--count", "1");
    const r = await runCli(as("alice", "send", "--receipt", "bob@localhost", "got it?"));
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("receipt from bob@localhost\n");
    expect(r.code).toBe(0);
    expect((await l.result()).stdout).toContain("got it?");
  });

  it("send --receipt to a client that never answers ends with 6 (timeout)", async () => {
    const mute = await s.t.login("erin", { resource: "mute" });
    mute.send("<presence/>");
    const r = await runCli([
      ...s.flags,
      ...s.as("alice"),
      "--timeout",
      "1",
      "send",
      "--receipt",
      mute.jid!,
      "hello?",
    ]);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/no receipt/);
    await mute.close();
  });

  it("a message to an account that does not exist ends with 7 and the condition", async () => {
    const r = await runCli(as("alice", "send", "ghost@localhost", "anyone?"));
    expect(r.code).toBe(7);
    expect(r.stderr).toBe("parley: ghost@localhost: service-unavailable [cancel]\n");
    const withReceipt = await runCli(
      as("alice", "send", "--receipt", "ghost@localhost", "anyone?"),
    );
    expect(withReceipt.code).toBe(7);
    expect(withReceipt.stderr).toContain("service-unavailable");
  });

  it("refuses an empty message and a bad recipient (2)", async () => {
    expect((await runCli(as("alice", "send", "bob@localhost"), { stdin: "" })).code).toBe(2);
    const bad = await runCli(as("alice", "send", "bob@@localhost", "hi"));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("recipient: not a valid JID");
  });
});
