// Batched archive writes over real sockets: a query right after a burst sees the whole burst,
// server stop writes what is queued before storage closes, and a failing archive write loses
// only the messages that fail again, each logged with the stanza-id its recipient saw.
import type { Logger } from "@parley/server";
import { startTestServer } from "@parley/server/testing";
import { type ArchiveStore, MemoryStorage, type Storage } from "@parley/storage";
import { describe, expect, it } from "vitest";
import { bodies, mamQuery, online, server, settle } from "../test/support";
import { mamModule } from "./index";

const SID = "urn:xmpp:sid:0";
/** Long enough that only a flush (not the batch timer) can have written a message in time. */
const SLOW = { mam: { batchDelayMs: 1000 } };

const chat = (to: string, body: string) =>
  `<message to="${to}" type="chat"><body>${body}</body></message>`;

/** A MemoryStorage whose close() first records every archive, as it is when storage closes. */
function recordingStorage(owners: readonly string[]) {
  const inner = new MemoryStorage();
  const atClose = new Map<string, string[]>();
  const storage: Storage = {
    accounts: inner.accounts,
    roster: inner.roster,
    offline: inner.offline,
    kv: inner.kv,
    archive: inner.archive,
    async close() {
      for (const owner of owners) {
        const page = await inner.archive!.query(owner, { max: 1000 });
        atClose.set(
          owner,
          page.items.map((m) => /<body>([^<]*)<\/body>/.exec(m.xml)?.[1] ?? ""),
        );
      }
      await inner.close();
    },
  };
  return { storage, atClose };
}

function capturingLogger() {
  const errors: { msg: string; fields?: Record<string, unknown> }[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn() {},
    error: (msg, fields) => errors.push({ msg, fields }),
  };
  return { logger, errors };
}

describe("batched archive writes", () => {
  it("a query right after a burst of messages sees every one of them", async () => {
    const t = await server([mamModule], SLOW);
    const romeo = await online(t, "romeo", "home");
    const juliet = await online(t, "juliet", "balcony");
    const sent = Array.from({ length: 40 }, (_, i) => `burst ${i}`);
    // No waiting in between: the messages and the query arrive together.
    for (const body of sent) romeo.send(chat("juliet@localhost", body));
    const mine = await mamQuery(
      romeo,
      "<set xmlns='http://jabber.org/protocol/rsm'><max>100</max></set>",
    );
    expect(bodies(mine)).toEqual(sent);
    // The recipient's archive too, as soon as the last message has reached it.
    await juliet.expect((e) => e.getChildText("body") === "burst 39");
    const theirs = await mamQuery(
      juliet,
      "<set xmlns='http://jabber.org/protocol/rsm'><max>100</max></set>",
    );
    expect(bodies(theirs)).toEqual(sent);
    // The archive metadata (§5) flushes too.
    const meta = await juliet.iq(`<iq type="get"><metadata xmlns="urn:xmpp:mam:2"/></iq>`);
    expect(meta.getChild("metadata")!.getChild("end")!.attr("id")).toBe(theirs.results[39]!.id);
  });

  it("stopping the server writes every queued message before storage closes", async () => {
    const owners = ["romeo@localhost", "juliet@localhost"];
    const { storage, atClose } = recordingStorage(owners);
    const t = await startTestServer({
      extraModules: [mamModule],
      moduleConfig: SLOW,
      storage,
    });
    try {
      const romeo = await t.login("romeo", { resource: "home" });
      await t.addUser("juliet"); // offline: her copies go to the offline store and her archive
      for (let i = 0; i < 5; i++) romeo.send(chat("juliet@localhost", `last words ${i}`));
      await settle(romeo);
    } finally {
      await t.stop();
    }
    const expected = Array.from({ length: 5 }, (_, i) => `last words ${i}`);
    expect(atClose.get("romeo@localhost")).toEqual(expected);
    expect(atClose.get("juliet@localhost")).toEqual(expected);
  });

  it("a failing archive write does not stop delivery and logs each lost stanza-id", async () => {
    const inner = new MemoryStorage();
    const cursed = (xml: string) => xml.includes("cursed");
    // appendMany always fails; the one-by-one retry fails only for the cursed message.
    const archive: ArchiveStore = {
      appendMany: async () => {
        throw new Error("batch refused");
      },
      append: async (owner, m) => {
        if (cursed(m.xml)) throw new Error("message refused");
        await inner.archive!.append(owner, m);
      },
      query: (owner, q) => inner.archive!.query(owner, q),
      clear: (owner) => inner.archive!.clear(owner),
    };
    const storage: Storage = {
      accounts: inner.accounts,
      roster: inner.roster,
      offline: inner.offline,
      kv: inner.kv,
      archive,
      close: () => inner.close(),
    };
    const { logger, errors } = capturingLogger();
    const t = await startTestServer({ extraModules: [mamModule], storage, logger });
    try {
      const romeo = await online(t, "romeo", "home");
      const juliet = await online(t, "juliet", "balcony");
      for (const body of ["fine", "cursed", "also fine"])
        romeo.send(chat("juliet@localhost", body));
      const got = [];
      for (let i = 0; i < 3; i++) got.push(await juliet.expect((e) => e.localName === "message"));
      expect(got.map((m) => m.getChildText("body"))).toEqual(["fine", "cursed", "also fine"]);
      expect(bodies(await mamQuery(juliet))).toEqual(["fine", "also fine"]);
      expect(bodies(await mamQuery(romeo))).toEqual(["fine", "also fine"]);
      // Lost: the cursed message in both archives; juliet's entry names the id she was given.
      const lost = errors.filter((e) => e.msg.includes("not archived")).map((e) => e.fields);
      expect(lost.map((f) => f?.owner).sort()).toEqual(["juliet@localhost", "romeo@localhost"]);
      const julietsId = got[1]!.getChild("stanza-id", SID)!.attr("id");
      expect(lost.find((f) => f?.owner === "juliet@localhost")?.id).toBe(julietsId);
    } finally {
      await t.stop();
    }
  });

  it("when storage falls maxBacklog behind, delivery waits for it: nothing lost, order kept", async () => {
    const inner = new MemoryStorage();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let entered!: () => void;
    const writing = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const archive: ArchiveStore = {
      appendMany: async (entries) => {
        entered();
        await gate; // storage stalls until the test opens the gate
        return inner.archive!.appendMany(entries);
      },
      append: (owner, m) => inner.archive!.append(owner, m),
      query: (owner, q) => inner.archive!.query(owner, q),
      clear: (owner) => inner.archive!.clear(owner),
    };
    const storage: Storage = {
      accounts: inner.accounts,
      roster: inner.roster,
      offline: inner.offline,
      kv: inner.kv,
      archive,
      close: () => inner.close(),
    };
    const t = await startTestServer({
      extraModules: [mamModule],
      moduleConfig: { mam: { maxBacklog: 1 } },
      storage,
    });
    try {
      const romeo = await online(t, "romeo", "home");
      const juliet = await online(t, "juliet", "balcony");
      // m1: the sender's copy (backlog 1), then the recipient's (backlog 2 > 1): it waits.
      romeo.send(chat("juliet@localhost/balcony", "m1"));
      romeo.send(chat("juliet@localhost/balcony", "m2"));
      await writing;
      // The marker: juliet's round trip comes back and no message came before it.
      await juliet.sync();
      expect(juliet.unclaimed.filter((e) => e.localName === "message")).toEqual([]);
      open();
      const got = [];
      for (let i = 0; i < 2; i++) got.push(await juliet.expect((e) => e.localName === "message"));
      expect(got.map((m) => m.getChildText("body"))).toEqual(["m1", "m2"]);
      expect(bodies(await mamQuery(juliet))).toEqual(["m1", "m2"]);
      expect(bodies(await mamQuery(romeo))).toEqual(["m1", "m2"]);
    } finally {
      await t.stop();
    }
  });
});
