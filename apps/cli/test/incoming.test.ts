// Messages that reach a CLI session: `presence` prints them like `listen`; `listen --count N`
// prints exactly N even when more arrive in one burst.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { killAll, removeHome, runCli, spawnCli } from "./cli";
import { type CliServer, cliServer } from "./server";

let s: CliServer;
beforeAll(async () => {
  s = await cliServer();
  for (const u of ["alice", "carol", "dave"]) await s.t.addUser(u);
});
afterEach(() => killAll());
afterAll(async () => {
  await s.t.stop();
  removeHome();
});

const as = (local: string, ...args: string[]) => [...s.flags, ...s.as(local), ...args];

describe("presence prints messages", () => {
  it("prints a message sent to the bare JID as listen does, then still runs", async () => {
    const p = spawnCli(as("dave", "presence"));
    await p.waitFor(/present as dave@localhost\/\S+/, "stderr");
    const alice = await s.t.login("alice", { resource: "a" });
    alice.send('<message to="dave@localhost" type="chat"><body>are you there?</body></message>');
    await p.waitFor(/^\[\d\d:\d\d:\d\d\] alice@localhost\/a: are you there\?$/m);
    // A second one proves the first did not end anything.
    alice.send('<message to="dave@localhost"><body>second</body></message>');
    await p.waitFor(/alice@localhost\/a: second$/m);
    p.child.kill("SIGINT");
    expect((await p.result()).code).toBe(0);
    await alice.close();
  });
});

describe("listen --count", () => {
  it("prints exactly N messages of a burst and exits 0", async () => {
    const alice = await s.t.login("alice", { resource: "b" });
    // Three offline messages: the server hands them over in one burst on initial presence.
    for (const body of ["one", "two", "three"]) {
      alice.send(`<message to="carol@localhost" type="chat"><body>${body}</body></message>`);
    }
    await alice.sync();
    await vi.waitFor(async () =>
      expect(await s.t.storage.offline.count("carol@localhost")).toBe(3),
    );
    const r = await runCli(as("carol", "listen", "--json", "--count", "1"));
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).body).toBe("one");
    await alice.close();
  });
});
