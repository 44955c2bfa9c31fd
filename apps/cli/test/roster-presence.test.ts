// roster list/add/remove and presence against a real server.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { killAll, removeHome, runCli, spawnCli } from "./cli";
import { type CliServer, cliServer } from "./server";

let s: CliServer;
beforeAll(async () => {
  s = await cliServer();
  for (const u of ["alice", "bob", "carol"]) await s.t.addUser(u);
});
afterEach(() => killAll());
afterAll(async () => {
  await s.t.stop();
  removeHome();
});

const as = (local: string, ...args: string[]) => [...s.flags, ...s.as(local), ...args];

describe("parley roster", () => {
  it("adds with name and groups and asks for a subscription, lists, removes", async () => {
    const bob = await s.t.login("bob", { resource: "r" });
    bob.send("<presence/>");
    let r = await runCli(
      as(
        "alice",
        "roster",
        "add",
        "bob@localhost",
        "--name",
        "Bob",
        "--group",
        "Friends",
        "-g",
        "Work",
      ),
    );
    expect(r).toEqual({
      code: 0,
      stdout: "added bob@localhost and asked for a subscription\n",
      stderr: "",
    });
    const ask = await bob.expect(
      (el) => el.localName === "presence" && el.attr("type") === "subscribe",
    );
    expect(ask.attr("from")).toBe("alice@localhost");
    r = await runCli(as("alice", "roster", "add", "carol@localhost", "--no-subscribe"));
    expect(r.stdout).toBe("added carol@localhost\n");

    r = await runCli(as("alice", "roster", "list"));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'bob@localhost "Bob" (none, asked) [Friends, Work]\ncarol@localhost (none)\n',
    );
    r = await runCli(as("alice", "roster", "list", "--json"));
    expect(
      r.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toEqual([
      {
        jid: "bob@localhost",
        name: "Bob",
        subscription: "none",
        ask: "subscribe",
        groups: ["Friends", "Work"],
      },
      { jid: "carol@localhost", subscription: "none", groups: [] },
    ]);

    expect((await runCli(as("alice", "roster", "remove", "carol@localhost"))).stdout).toBe(
      "removed carol@localhost\n",
    );
    r = await runCli(as("alice", "roster", "list"));
    expect(r.stdout).toBe('bob@localhost "Bob" (none, asked) [Friends, Work]\n');
    await bob.close();
  });

  it("prints nothing (and says so on stderr) for an empty roster", async () => {
    const r = await runCli(as("carol", "roster", "list"));
    expect(r).toEqual({ code: 0, stdout: "", stderr: "(the roster is empty)\n" });
  });

  it("removing a contact that is not there ends with 7 (item-not-found)", async () => {
    const r = await runCli(as("carol", "roster", "remove", "nobody@localhost"));
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/^parley: roster: item-not-found/);
  });

  it("refuses a contact JID without a local part (2)", async () => {
    expect((await runCli(as("carol", "roster", "add", "localhost"))).code).toBe(2);
    expect((await runCli(as("carol", "roster", "frob"))).code).toBe(2);
  });
});

describe("parley presence", () => {
  it("sets show, status and priority, prints contacts' presence, and ends with 0 on SIGINT", async () => {
    await s.t.storage.roster.setItem("carol@localhost", {
      jid: "bob@localhost",
      subscription: "both",
      groups: [],
    });
    await s.t.storage.roster.setItem("bob@localhost", {
      jid: "carol@localhost",
      subscription: "both",
      groups: [],
    });
    const bob = await s.t.login("bob", { resource: "home" });
    bob.send("<presence><show>dnd</show><status>coding</status></presence>");
    await bob.expect(
      (el) => el.localName === "presence" && el.attr("from") === "bob@localhost/home",
    );
    const p = spawnCli(
      as("carol", "presence", "--show", "away", "--status", "out", "--priority", "5"),
    );
    await p.waitFor(/present as carol@localhost\/\S+ \(away, "out", priority 5\)/, "stderr");
    const seen = await bob.expect(
      (el) => el.localName === "presence" && (el.attr("from") ?? "").startsWith("carol@localhost/"),
    );
    expect(seen.getChildText("show")).toBe("away");
    expect(seen.getChildText("status")).toBe("out");
    expect(seen.getChildText("priority")).toBe("5");
    await p.waitFor(/\* bob@localhost\/home is busy \(do not disturb\) \(coding\)/);
    bob.send("<presence type='unavailable'/>");
    await p.waitFor(/\* bob@localhost\/home is offline/);
    p.child.kill("SIGINT");
    expect((await p.result()).code).toBe(0);
    await bob.close();
  });

  it("ends with 0 after --timeout", async () => {
    const r = await runCli(as("alice", "--timeout", "0.5", "presence"));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/present as alice@localhost\/\S+ \(online\)/);
  });
});
