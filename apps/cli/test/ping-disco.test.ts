// ping and disco against a real server (with and without a XEP-0199 handler) and real clients.
import { defineModule } from "@parley/server";
import { builtinModules } from "@parley/server";
import { NS } from "@parley/stanza";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { killAll, removeHome, runCli, spawnCli } from "./cli";
import { type CliServer, cliServer } from "./server";

// A ping handler written here against the module API (XEP-0199 §4.2), so the test needs no
// extra package.
const pingHandler = defineModule({
  name: "test-ping",
  setup(ctx) {
    ctx.addFeature(NS.PING);
    ctx.handleIq("get", NS.PING, "ping", () => null, { destination: "host" });
  },
});

let s: CliServer;
let bare: CliServer;
beforeAll(async () => {
  s = await cliServer({ modules: [...builtinModules, pingHandler] });
  bare = await cliServer();
  for (const t of [s, bare]) for (const u of ["alice", "bob"]) await t.t.addUser(u);
});
afterEach(() => killAll());
afterAll(async () => {
  await s.t.stop();
  await bare.t.stop();
  removeHome();
});

const as = (local: string, ...args: string[]) => [...s.flags, ...s.as(local), ...args];

describe("parley ping", () => {
  it("pings the server by default and prints the round trip", async () => {
    const r = await runCli(as("alice", "ping"));
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^pong from localhost: \d+\.\d ms\n$/);
    expect(r.code).toBe(0);
  });

  it("pings another client by full JID (parley answers XEP-0199 pings)", async () => {
    const l = spawnCli(as("bob", "--resource", "pinged", "listen"));
    await l.waitFor(/^/);
    // Wait until bob's session is bound: its presence reaches another resource of bob.
    const watch = await s.t.login("bob", { resource: "watch" });
    watch.send("<presence/>");
    await watch.expect(
      (el) => el.localName === "presence" && el.attr("from") === "bob@localhost/pinged",
    );
    const r = await runCli(as("alice", "ping", "bob@localhost/pinged"));
    expect(r.stdout).toMatch(/^pong from bob@localhost\/pinged: \d+\.\d ms\n$/);
    expect(r.code).toBe(0);
    await watch.close();
  });

  it("ends with 7 and the condition when the server has no ping handler", async () => {
    const r = await runCli([...bare.flags, ...bare.as("alice"), "ping"]);
    expect(r.code).toBe(7);
    expect(r.stderr).toBe("parley: localhost: service-unavailable [cancel]\n");
  });

  it("ends with 7 for an absent entity, and 6 for one that never answers", async () => {
    const absent = await runCli(as("alice", "ping", "bob@localhost/gone"));
    expect(absent.code).toBe(7);
    expect(absent.stderr).toMatch(/^parley: bob@localhost\/gone: service-unavailable/);
    const mute = await s.t.login("bob", { resource: "mute" });
    const silent = await runCli([
      ...s.flags,
      ...s.as("alice"),
      "--timeout",
      "1",
      "ping",
      mute.jid!,
    ]);
    expect(silent.code).toBe(6);
    expect(silent.stderr).toMatch(/^parley: timeout: /);
    await mute.close();
  });

  it("refuses a malformed target (2)", async () => {
    expect((await runCli(as("alice", "ping", "a@b@c"))).code).toBe(2);
  });
});

describe("parley disco", () => {
  it("lists the server's identities and features, the ping feature included", async () => {
    const r = await runCli(as("alice", "disco"));
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe('identity: server/im "Parley"');
    expect(lines).toContain(`feature: ${NS.PING}`);
    expect(lines).toContain(`feature: ${NS.DISCO_INFO}`);
  });

  it("prints JSON, items, and asks about a node", async () => {
    const info = JSON.parse((await runCli(as("alice", "disco", "localhost", "--json"))).stdout);
    expect(info.jid).toBe("localhost");
    expect(info.identities).toEqual([{ category: "server", type: "im", name: "Parley" }]);
    expect(info.features).toContain(NS.PING);
    const items = await runCli(as("alice", "disco", "--items", "--json"));
    expect(items.code).toBe(0);
    expect(JSON.parse(items.stdout)).toMatchObject({ jid: "localhost", items: expect.any(Array) });
    const node = await runCli(as("alice", "disco", "--node", "no-such-node"));
    expect(node.code).toBe(7);
    expect(node.stderr).toBe("parley: localhost: item-not-found [cancel]\n");
  });

  it("ends with 7 and the condition when the entity does not answer disco", async () => {
    const r = await runCli(as("alice", "disco", "bob@localhost"));
    expect(r.code).toBe(7);
    expect(r.stderr).toBe("parley: bob@localhost: service-unavailable [cancel]\n");
    const absent = await runCli(as("alice", "disco", "ghost@localhost"));
    expect(absent.code).toBe(7);
    expect(absent.stderr).toMatch(/^parley: ghost@localhost: /);
  });
});
