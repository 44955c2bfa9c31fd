// Property test: random operation sequences give the same answers from SqliteStorage and from the
// reference MemoryStorage (both hand out roster versions from one counter, so even those match).
import { MemoryStorage, type RosterItem, type Storage } from "@parley/storage";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openSqliteStorage } from "./open";

const owner = fc.constantFrom("juliet@example.com", "romeo@example.net", "nurse@example.com");
const text = fc.string({ unit: "binary", maxLength: 6 });
const item: fc.Arbitrary<RosterItem> = fc.record(
  {
    jid: fc.constantFrom("a@x", "b@x", "c@y"),
    name: text,
    subscription: fc.constantFrom("none", "to", "from", "both"),
    ask: fc.constant("subscribe" as const),
    pendingIn: fc.boolean(),
    approved: fc.boolean(),
    groups: fc.array(text, { maxLength: 3 }),
  },
  { requiredKeys: ["jid", "subscription", "groups"] },
);
const creds = fc.constantFrom(
  {},
  {
    "SCRAM-SHA-1": {
      salt: Uint8Array.of(1, 2),
      iterations: 4096,
      storedKey: Uint8Array.of(3),
      serverKey: Uint8Array.of(4),
    },
  },
);

type Op = (s: Storage) => Promise<unknown>;
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.tuple(owner, creds).map(
    ([o, c]): Op =>
      (s) =>
        s.accounts.create(o, c),
  ),
  fc.tuple(fc.array(fc.tuple(owner, creds), { maxLength: 4 }), fc.boolean()).map(
    ([list, replace]): Op =>
      (s) =>
        s.accounts.createMany(
          list.map(([jid, credentials]) => ({ jid, credentials })),
          { replace },
        ),
  ),
  owner.map(
    (o): Op =>
      async (s) => {
        const a = await s.accounts.get(o);
        return a && { jid: a.jid, credentials: a.credentials };
      },
  ),
  owner.map(
    (o): Op =>
      (s) =>
        s.accounts.setCredentials(o, {}),
  ),
  owner.map(
    (o): Op =>
      (s) =>
        s.accounts.delete(o),
  ),
  fc.constantFrom(undefined, "example.com").map(
    (d): Op =>
      (s) =>
        s.accounts.list(d),
  ),
  fc.tuple(owner, item).map(
    ([o, i]): Op =>
      (s) =>
        s.roster.setItem(o, i),
  ),
  fc.tuple(owner, fc.constantFrom("a@x", "b@x", "c@y")).map(
    ([o, c]): Op =>
      (s) =>
        s.roster.removeItem(o, c),
  ),
  owner.map(
    (o): Op =>
      async (s) => {
        const r = await s.roster.get(o);
        const items = r.items.map((i) => ({
          ...i,
          pendingIn: !!i.pendingIn,
          approved: !!i.approved,
        }));
        return { version: r.version, items: items.sort((a, b) => (a.jid < b.jid ? -1 : 1)) };
      },
  ),
  fc
    .tuple(
      owner,
      text,
      fc.integer({ min: -1e13, max: 1e13 }),
      fc.option(fc.nat(3), { nil: undefined }),
    )
    .map(
      ([o, xml, ms, limit]): Op =>
        (s) =>
          s.offline.push(o, { xml, stamp: new Date(ms) }, limit),
    ),
  owner.map(
    (o): Op =>
      (s) =>
        s.offline.takeAll(o),
  ),
  owner.map(
    (o): Op =>
      (s) =>
        s.offline.count(o),
  ),
  fc.tuple(fc.constantFrom("p", "v"), owner, text, fc.option(text, { nil: undefined })).map(
    ([st, o, k, v]): Op =>
      (s) =>
        s.kv.set(st, o, k, v),
  ),
  fc.tuple(fc.constantFrom("p", "v"), owner, text).map(
    ([st, o, k]): Op =>
      (s) =>
        s.kv.get(st, o, k),
  ),
  fc.tuple(fc.constantFrom("p", "v"), owner).map(
    ([st, o]): Op =>
      (s) =>
        s.kv.entries(st, o),
  ),
  fc.tuple(fc.constantFrom("p", "v"), owner).map(
    ([st, o]): Op =>
      (s) =>
        s.kv.clear(st, o),
  ),
);

const outcome = (p: Promise<unknown>) =>
  p.then(
    (value) => ({ value }),
    (e: Error) => ({ error: e.constructor.name }),
  );

describe("SqliteStorage behaves like MemoryStorage", () => {
  it("for random operation sequences", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (ops) => {
        const memory = new MemoryStorage();
        const sqlite = openSqliteStorage({ path: ":memory:" });
        try {
          for (const run of ops)
            expect(await outcome(run(sqlite))).toEqual(await outcome(run(memory)));
        } finally {
          await sqlite.close();
          await memory.close();
        }
      }),
      { numRuns: 150 },
    );
  });
});
