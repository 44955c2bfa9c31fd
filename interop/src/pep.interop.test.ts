// slixmpp's PEP plugins (XEP-0060 / XEP-0163, nick XEP-0172, avatar XEP-0084) against Parley's
// mod-pep: slixmpp publishes and a scripted client gets the notification, and the reverse,
// with +notify interest learnt from XEP-0115 caps on both sides.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { TestClient, TestServer } from "@parley/server/testing";
import { afterEach, beforeAll, describe, expect, inject, it } from "vitest";
// mod-pep is not a dependency of this package; its source is imported by path (test only).
import { pepModule } from "@parley/mod-pep";
import { Cleanup, startInteropServer } from "./support/server";
import { SYSTEM_PYTHON, assertSlixmppInstalled } from "./support/slixmpp";
import { Inbox, WAIT_MS, within } from "./support/waits";

/** What slix_pep.py reports: slix_client.py's events plus pep_nick / pep_avatar. */
interface SlixEvent {
  event: string;
  [field: string]: unknown;
}

const DRIVER = fileURLToPath(new URL("./slix_pep.py", import.meta.url));
const NICK = "http://jabber.org/protocol/nick";
const METADATA = "urn:xmpp:avatar:metadata";
const EVENT = "http://jabber.org/protocol/pubsub#event";
const INFO = "http://jabber.org/protocol/disco#info";

const cleanup = new Cleanup();
afterEach(() => cleanup.run());
beforeAll(() => {
  assertSlixmppInstalled();
});

/** The PEP driver: JSON lines, like support/slixmpp.ts but with slix_pep.py. */
class PepPeer {
  readonly events = new Inbox<SlixEvent>((e) => JSON.stringify(e.xml ?? e));
  private readonly pending = new Map<number, (a: Record<string, unknown>) => void>();
  private next = 0;
  private stderr = "";

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (c: string) => {
      this.stderr = (this.stderr + c).slice(-4000);
    });
    createInterface({ input: child.stdout }).on("line", (line) => {
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(line);
      } catch {
        return;
      }
      if (typeof msg.id === "number") {
        this.pending.get(msg.id)?.(msg);
        this.pending.delete(msg.id);
      } else if (msg.event) this.events.push(msg as SlixEvent);
    });
    child.once("exit", (code) =>
      this.events.close(new Error(`slixmpp exited ${code}: ${this.stderr}`)),
    );
  }

  static async start(): Promise<PepPeer> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PYTHONUNBUFFERED: "1",
      PYTHONDONTWRITEBYTECODE: "1",
    };
    for (const k of ["PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV"]) delete env[k];
    const peer = new PepPeer(spawn(SYSTEM_PYTHON, [DRIVER], { env, stdio: "pipe" }));
    await peer.events.take((e) => e.event === "ready", "driver ready", 60_000);
    return peer;
  }

  async command(cmd: string, args: Record<string, unknown> = {}, ms = WAIT_MS) {
    const id = ++this.next;
    const answer = new Promise<Record<string, unknown>>((r) => this.pending.set(id, r));
    this.child.stdin.write(`${JSON.stringify({ id, cmd, ...args })}\n`);
    const result = await within(answer, `answer to ${cmd}: ${this.stderr}`, ms);
    if (!result.ok) throw new Error(`${cmd} failed: ${String(result.error)}\n${this.stderr}`);
    return result;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    await this.command("disconnect", {}, 5000).catch(() => undefined);
    this.child.stdin.end();
    const pid = this.child.pid;
    await within(new Promise((r) => this.child.once("exit", r)), "exit", 5000).catch(() => {
      if (pid !== undefined) process.kill(pid, "SIGKILL");
    });
  }
}

async function setup(): Promise<{ server: TestServer; slix: PepPeer; bob: TestClient }> {
  const server = cleanup.add(await startInteropServer({ extraModules: [pepModule] }), (s) =>
    s.stop(),
  );
  const alice = await server.addUser("alice", "alice-pw");
  const bob = await server.addUser("bob", "bob-pw");
  await server.storage.roster.setItem(alice, { jid: bob, subscription: "both", groups: [] });
  await server.storage.roster.setItem(bob, { jid: alice, subscription: "both", groups: [] });
  const slix = cleanup.add(await PepPeer.start(), (p) => p.stop());
  await slix.command(
    "connect",
    {
      jid: "alice@localhost/py",
      password: "alice-pw",
      host: "127.0.0.1",
      port: server.ports.c2s,
      caFile: inject("caFile"),
    },
    WAIT_MS * 2,
  );
  const client = await server.login("bob", { password: "bob-pw", resource: "ts" });
  return { server, slix, bob: client };
}

/** bob's caps: +notify for nick and avatar metadata; answers the server's disco#info query. */
async function announce(bob: TestClient): Promise<void> {
  const features = [INFO, `${METADATA}+notify`, `${NICK}+notify`].sort();
  const s = `client/pc//<${features.map((f) => `${f}<`).join("")}`;
  const ver = createHash("sha1").update(s).digest("base64");
  const node = "https://test.example/interop";
  bob.send(
    `<presence><c xmlns="http://jabber.org/protocol/caps" hash="sha-1" node="${node}" ver="${ver}"/></presence>`,
  );
  const ask = await bob.expect(
    (e) => e.localName === "iq" && e.getChild("query", INFO) !== undefined,
  );
  bob.send(
    `<iq type="result" id="${ask.attr("id")}" to="${ask.attr("from")}"><query xmlns="${INFO}" node="${node}#${ver}"><identity category="client" type="pc"/>${features.map((f) => `<feature var="${f}"/>`).join("")}</query></iq>`,
  );
  await bob.sync();
}

describe("slixmpp xep_0163 / xep_0172 / xep_0084 with mod-pep", () => {
  it("slixmpp publishes a nick and avatar metadata; a contact with +notify caps is notified", async () => {
    const { slix, bob } = await setup();
    await announce(bob);
    await slix.command("presence");
    expect((await slix.command("publish_nick", { nick: "Alice" })).type).toBe("result");
    const nick = await bob.expect(
      (e) =>
        e.localName === "message" &&
        e.getChild("event", EVENT)?.getChild("items")?.attr("node") === NICK,
    );
    expect(nick.attr("from")).toBe("alice@localhost");
    expect(
      nick
        .getChild("event", EVENT)!
        .getChild("items")!
        .getChild("item")!
        .getChildText("nick", NICK),
    ).toBe("Alice");
    const sha = "9b1e3b1c0c3b4e3c7a7f1e5b2a9d8c7b6a5f4e3d";
    expect(
      (
        await slix.command("publish_avatar_metadata", {
          avatarId: sha,
          type: "image/png",
          bytes: 1234,
        })
      ).type,
    ).toBe("result");
    const meta = await bob.expect(
      (e) =>
        e.localName === "message" &&
        e.getChild("event", EVENT)?.getChild("items")?.attr("node") === METADATA,
    );
    expect(
      meta
        .getChild("event", EVENT)!
        .getChild("items")!
        .getChild("item")!
        .getChild("metadata", METADATA)!
        .getChild("info")!
        .attr("id"),
    ).toBe(sha);
  });

  it("a scripted client publishes; slixmpp (interest from its caps) decodes the notifications", async () => {
    const { slix, bob } = await setup();
    await bob.sync();
    bob.send("<presence/>");
    // slixmpp's initial presence carries its caps; the server asks slixmpp's disco and learns
    // its +notify features, then sends it the last items (none yet).
    await slix.command("presence");
    // Wait until the server knows slixmpp's interest: poll by publishing until it is notified
    // (a generous bound: slixmpp answers the caps query late on a busy machine).
    let got: SlixEvent | undefined;
    const deadline = Date.now() + 30_000;
    while (!got && Date.now() < deadline) {
      await bob.iq(
        `<iq type="set"><pubsub xmlns="http://jabber.org/protocol/pubsub"><publish node="${NICK}"><item id="current"><nick xmlns="${NICK}">Bob</nick></item></publish></pubsub></iq>`,
      );
      got = await slix.events
        .take((e) => e.event === "pep_nick", "nick", 2000)
        .catch(() => undefined);
    }
    expect(got).toMatchObject({ event: "pep_nick", from: "bob@localhost", nick: "Bob" });
    await bob.iq(
      `<iq type="set"><pubsub xmlns="http://jabber.org/protocol/pubsub"><publish node="${METADATA}"><item id="abc"><metadata xmlns="${METADATA}"><info id="abc" bytes="10" type="image/png"/></metadata></item></publish></pubsub></iq>`,
    );
    const avatar = await slix.events.take((e) => e.event === "pep_avatar", "avatar");
    expect(avatar).toMatchObject({ from: "bob@localhost", ids: ["abc"] });
  });
});
