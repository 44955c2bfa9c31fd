// Answering presence subscription requests (RFC 6121 §3): `roster list` shows the requests that
// wait, `roster approve` / `roster deny` answer them, `presence` says what a request is.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { killAll, removeHome, runCli, spawnCli } from "./cli";
import { type CliServer, cliServer } from "./server";

let s: CliServer;
beforeAll(async () => {
  s = await cliServer();
  for (const u of ["alice", "bob", "dave", "erin"]) await s.t.addUser(u);
});
afterEach(() => killAll());
afterAll(async () => {
  await s.t.stop();
  removeHome();
});

const as = (local: string, ...args: string[]) => [...s.flags, ...s.as(local), ...args];
const HINT = "(answer a request with: parley roster approve JID, or parley roster deny JID)\n";

describe("roster approve / deny", () => {
  it("shows waiting requests and answers them", async () => {
    // Both ask: each side ends with "none, asked" and a request from the other waiting.
    expect((await runCli(as("alice", "roster", "add", "bob@localhost"))).code).toBe(0);
    expect((await runCli(as("bob", "roster", "add", "alice@localhost"))).code).toBe(0);
    let r = await runCli(as("bob", "roster", "list"));
    expect(r).toEqual({
      code: 0,
      stdout: "alice@localhost (none, asked, asks you)\n",
      stderr: HINT,
    });
    r = await runCli(as("bob", "roster", "list", "--json"));
    expect(JSON.parse(r.stdout)).toEqual({
      jid: "alice@localhost",
      subscription: "none",
      ask: "subscribe",
      groups: [],
      requested: true,
    });
    // --no-pending does not look (and stays unavailable).
    r = await runCli(as("bob", "roster", "list", "--no-pending"));
    expect(r).toEqual({ code: 0, stdout: "alice@localhost (none, asked)\n", stderr: "" });

    r = await runCli(as("bob", "roster", "approve", "alice@localhost"));
    expect(r).toEqual({
      code: 0,
      stdout: "approved alice@localhost: they can see your presence\n",
      stderr: "",
    });
    // alice now sees bob (to); bob's own request to alice still waits on her side.
    r = await runCli(as("alice", "roster", "list"));
    expect(r.stdout).toBe("bob@localhost (to, asks you)\n");
    r = await runCli(as("alice", "roster", "deny", "bob@localhost"));
    expect(r).toEqual({
      code: 0,
      stdout: "denied bob@localhost: they cannot see your presence\n",
      stderr: "",
    });
    expect((await runCli(as("alice", "roster", "list"))).stdout).toBe("bob@localhost (to)\n");
    expect((await runCli(as("bob", "roster", "list"))).stdout).toBe("alice@localhost (from)\n");
  });

  it("lists a request from someone not in the roster; presence explains it", async () => {
    const p = spawnCli(as("dave", "presence"));
    await p.waitFor(/present as dave@localhost\/\S+/, "stderr");
    const erin = await s.t.login("erin", { resource: "e" });
    erin.send('<presence to="dave@localhost" type="subscribe"/>');
    await p.waitFor(
      /^\[\d\d:\d\d:\d\d\] \* erin@localhost asks to see your presence \(parley roster approve erin@localhost, or deny erin@localhost\)$/m,
    );
    p.child.kill("SIGINT");
    expect((await p.result()).code).toBe(0);
    const r = await runCli(as("dave", "roster", "list"));
    expect(r).toEqual({
      code: 0,
      stdout: "erin@localhost (not in the roster, asks you)\n",
      stderr: HINT,
    });
    await erin.close();
  });
});
