// slixmpp's XEP-0045 plugin (Debian python3-slixmpp 1.8.3) against Parley's MUC service
// (@parley/mod-muc): a slixmpp client joins a room with join_muc_wait, receives the history
// (delay from the room JID, §7.2.15) and the subject, and exchanges groupchat with a TestClient.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { TestClient } from "@parley/server/testing";
import { afterEach, beforeAll, describe, expect, inject, it } from "vitest";
// A relative import: this package does not list @parley/mod-muc among its devDependencies yet.
import { mucModule } from "@parley/mod-muc";
import { Cleanup, startInteropServer } from "./support/server";
import { SYSTEM_PYTHON, assertSlixmppInstalled } from "./support/slixmpp";
import { Inbox, WAIT_MS, within } from "./support/waits";

const DRIVER = fileURLToPath(new URL("./muc_client.py", import.meta.url));
const ROOM = "coven@conference.localhost";
const MUC = "http://jabber.org/protocol/muc";
const MUC_USER = "http://jabber.org/protocol/muc#user";

type Answer = { ok: boolean; error?: string; [field: string]: unknown };
type Event = { event: string; [field: string]: unknown };

/** The MUC driver as a child process: commands in, answers and events out (JSON lines). */
class SlixMuc {
  readonly events = new Inbox<Event>((e) => JSON.stringify(e));
  private readonly pending = new Map<number, (a: Answer) => void>();
  private nextId = 0;
  private stderr = "";
  private readonly exited: Promise<void>;

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    createInterface({ input: child.stdout }).on("line", (line) => {
      let parsed: Answer & { id?: number; event?: string };
      try {
        parsed = JSON.parse(line);
      } catch {
        return; // slixmpp 1.8.3 prints delay elements while joining
      }
      if (typeof parsed.id === "number") {
        this.pending.get(parsed.id)?.(parsed);
        this.pending.delete(parsed.id);
      } else if (parsed.event) this.events.push(parsed as Event);
    });
    this.exited = new Promise((resolve) => {
      child.once("exit", () => {
        this.events.close(new Error(`slixmpp exited\n${this.stderr}`));
        for (const settle of this.pending.values()) settle({ ok: false, error: "exited" });
        resolve();
      });
    });
  }

  static async start(): Promise<SlixMuc> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PYTHONUNBUFFERED: "1",
      PYTHONDONTWRITEBYTECODE: "1",
    };
    for (const name of ["PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV"])
      delete env[name];
    const client = new SlixMuc(spawn(SYSTEM_PYTHON, [DRIVER], { env, stdio: "pipe" }));
    await client.events.take((e) => e.event === "ready", "driver ready", 60_000);
    return client;
  }

  async command(cmd: string, args: Record<string, unknown> = {}, ms = WAIT_MS): Promise<Answer> {
    const id = ++this.nextId;
    const answer = new Promise<Answer>((resolve) => this.pending.set(id, resolve));
    this.child.stdin.write(`${JSON.stringify({ id, cmd, ...args })}\n`);
    const result = await within(answer, `answer to ${cmd}\n${this.stderr}`, ms);
    if (!result.ok) throw new Error(`${cmd} failed: ${result.error}\n${this.stderr}`);
    return result;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await this.command("disconnect", {}, 5000).catch(() => undefined);
    this.child.stdin.end();
    const gone = await Promise.race([
      this.exited.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), 5000).unref()),
    ]);
    if (!gone && this.child.pid !== undefined) {
      try {
        process.kill(this.child.pid, "SIGKILL");
      } catch {
        // already gone
      }
      await this.exited;
    }
  }
}

const cleanup = new Cleanup();
afterEach(() => cleanup.run());
beforeAll(() => {
  assertSlixmppInstalled();
});

async function groupchat(c: TestClient, body: string): Promise<void> {
  c.send(`<message to="${ROOM}" type="groupchat"><body>${body}</body></message>`);
  await c.expect((e) => e.localName === "message" && e.getChildText("body") === body);
}

describe("slixmpp xep_0045 in a Parley room", () => {
  it("joins with history and subject, then exchanges groupchat with a TestClient", async () => {
    const server = cleanup.add(await startInteropServer({ extraModules: [mucModule] }), (s) =>
      s.stop(),
    );
    await server.addUser("alice", "alice-pw");
    const romeo = await server.login("romeo", { resource: "r" });

    // Romeo creates an instant room (§10.1.2), sets the subject and says two things.
    romeo.send(`<presence to="${ROOM}/Romeo"><x xmlns="${MUC}"/></presence>`);
    await romeo.expect((e) => e.localName === "message" && e.getChild("subject") !== undefined);
    const configured = await romeo.iq(
      `<iq type="set" to="${ROOM}"><query xmlns="${MUC}#owner"><x xmlns="jabber:x:data" type="submit"/></query></iq>`,
    );
    expect(configured.attr("type")).toBe("result");
    romeo.send(`<message to="${ROOM}" type="groupchat"><subject>Fire burn</subject></message>`);
    await romeo.expect((e) => e.getChildText("subject") === "Fire burn");
    await groupchat(romeo, "double, double");
    await groupchat(romeo, "toil and trouble");

    const alice = cleanup.add(await SlixMuc.start(), (c) => c.stop());
    await alice.command(
      "connect",
      {
        jid: "alice@localhost/py",
        password: "alice-pw",
        port: server.ports.c2s,
        host: "127.0.0.1",
        caFile: inject("caFile"),
      },
      WAIT_MS * 2,
    );
    const joined = await alice.command("join_muc", { room: ROOM, nick: "Alice" });
    expect(joined.self).toEqual({
      from: `${ROOM}/Alice`,
      role: "participant",
      affiliation: "none",
      codes: [110],
    });
    expect(joined.subject).toBe("Fire burn");
    expect(joined.occupants).toEqual([`${ROOM}/Alice`, `${ROOM}/Romeo`]); // slixmpp counts itself
    expect(joined.history).toEqual([
      { from: `${ROOM}/Romeo`, body: "double, double" },
      { from: `${ROOM}/Romeo`, body: "toil and trouble" },
    ]);
    expect(joined.roster).toEqual(["Alice", "Romeo"]);

    // Romeo sees Alice enter; both directions of groupchat.
    await romeo.expect(
      (e) =>
        e.localName === "presence" &&
        e.attr("from") === `${ROOM}/Alice` &&
        e.getChild("x", MUC_USER) !== undefined,
    );
    await alice.command("muc_send", { room: ROOM, body: "by the pricking of my thumbs" });
    const fromAlice = await romeo.expect(
      (e) => e.getChildText("body") === "by the pricking of my thumbs",
    );
    expect(fromAlice.attr("from")).toBe(`${ROOM}/Alice`);
    expect(fromAlice.attr("type")).toBe("groupchat");
    await groupchat(romeo, "something wicked");
    const live = await alice.events.take(
      (e) => e.event === "groupchat" && e.body === "something wicked",
      "live groupchat from Romeo",
    );
    expect(live).toMatchObject({ from: `${ROOM}/Romeo`, delayFrom: null });

    await alice.command("muc_leave", { room: ROOM, nick: "Alice" });
    await romeo.expect(
      (e) =>
        e.localName === "presence" &&
        e.attr("from") === `${ROOM}/Alice` &&
        e.attr("type") === "unavailable",
    );
  });
});
