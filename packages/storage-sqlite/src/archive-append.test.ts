// The batched append path: archive_totals stays equal to the real row count per owner whatever
// the batches (failed ones included), stamps never go backwards, and appending prepares nothing.
import { join } from "node:path";
import { type ArchivedMessage, ArchiveIdExistsError } from "@parley/storage";
import Database from "better-sqlite3";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openSqliteStorage } from "./open";
import { useTempDir } from "./test-dir";

const T0 = Date.UTC(2024, 5, 1);
const OWNERS = ["a@example.com", "b@example.com", "c@example.com"];

const message = (id: string, at: number): ArchivedMessage => ({
  id,
  stamp: new Date(T0 + at),
  with: "peer@example.net",
  withResource: "",
  direction: "in",
  xml: `<message><body>${id}</body></message>`,
});

/** Totals as the store keeps them, and the rows as they are, per owner. */
function bookkeeping(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    const totals = db.prepare("SELECT owner, total FROM archive_totals ORDER BY owner").all();
    const counts = db
      .prepare("SELECT owner, count(*) AS total FROM archive GROUP BY owner ORDER BY owner")
      .all();
    return { totals, counts };
  } finally {
    db.close();
  }
}

describe("archive appends in batches", () => {
  const tempDir = useTempDir();

  it("keeps archive_totals equal to the rows per owner over random batches, failed ones included", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.array(
            fc.record({ owner: fc.constantFrom(...OWNERS), id: fc.integer({ min: 0, max: 40 }) }),
            {
              maxLength: 12,
            },
          ),
          { maxLength: 8 },
        ),
        async (batches) => {
          const path = join(tempDir(), `p${Math.random().toString(36).slice(2)}.sqlite`);
          const s = openSqliteStorage({ path });
          const seen = new Set<string>();
          try {
            for (const batch of batches) {
              const entries = batch.map(({ owner, id }, i) => ({
                owner,
                message: message(`id${id}`, i),
              }));
              const keys = entries.map((e) => `${e.owner} ${e.message.id}`);
              const clash = keys.some((k, i) => seen.has(k) || keys.indexOf(k) !== i);
              if (clash) {
                await expect(s.archive.appendMany(entries)).rejects.toBeInstanceOf(
                  ArchiveIdExistsError,
                );
              } else {
                expect(await s.archive.appendMany(entries)).toBe(entries.length);
                for (const k of keys) seen.add(k);
              }
            }
            for (const owner of OWNERS) {
              const expected = [...seen].filter((k) => k.startsWith(`${owner} `)).length;
              // An unfiltered count comes from archive_totals, a filtered one from count(*).
              expect((await s.archive.query(owner, { max: 0 })).count).toBe(expected);
              expect((await s.archive.query(owner, { max: 0, start: new Date(0) })).count).toBe(
                expected,
              );
            }
          } finally {
            await s.close();
          }
          const { totals, counts } = bookkeeping(path);
          expect(totals).toEqual(counts);
        },
      ),
      // Every run opens a file database, so a writer thread: 25 runs, and room for a busy machine.
      { numRuns: 25 },
    );
  }, 180_000);

  it("raises stamps per owner within one batch and across batches", async () => {
    const s = openSqliteStorage({ path: ":memory:" });
    try {
      await s.archive.appendMany([
        { owner: OWNERS[0]!, message: message("x1", 5000) },
        { owner: OWNERS[1]!, message: message("y1", 1000) },
        { owner: OWNERS[0]!, message: message("x2", 2000) }, // earlier than x1: raised
        { owner: OWNERS[1]!, message: message("y2", 3000) },
      ]);
      await s.archive.appendMany([{ owner: OWNERS[0]!, message: message("x3", 4000) }]);
      const stamps = async (owner: string) =>
        (await s.archive.query(owner, { max: 10 })).items.map((m) => [
          m.id,
          m.stamp.getTime() - T0,
        ]);
      expect(await stamps(OWNERS[0]!)).toEqual([
        ["x1", 5000],
        ["x2", 5000],
        ["x3", 5000],
      ]);
      expect(await stamps(OWNERS[1]!)).toEqual([
        ["y1", 1000],
        ["y2", 3000],
      ]);
    } finally {
      await s.close();
    }
  });

  it("names the reused id, and a failed batch leaves rows and totals as they were", async () => {
    const path = join(tempDir(), "dup.sqlite");
    const s = openSqliteStorage({ path });
    await s.archive.appendMany([{ owner: OWNERS[0]!, message: message("m1", 0) }]);
    const error = await s.archive
      .appendMany([
        { owner: OWNERS[1]!, message: message("m1", 1) }, // another owner: no clash
        { owner: OWNERS[0]!, message: message("m2", 2) },
        { owner: OWNERS[0]!, message: message("m1", 3) },
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArchiveIdExistsError);
    expect((error as Error).message).toContain("m1");
    await s.close();
    expect(bookkeeping(path)).toEqual({
      totals: [{ owner: OWNERS[0], total: 1 }],
      counts: [{ owner: OWNERS[0], total: 1 }],
    });
  });

  it("prepares its statements once: appending prepares none", async () => {
    const s = openSqliteStorage({ path: ":memory:" });
    const original = Database.prototype.prepare;
    let prepared = 0;
    // biome-ignore lint/suspicious/noExplicitAny: wrapping a prototype method to count calls.
    (Database.prototype as any).prepare = function (this: Database.Database, sql: string) {
      prepared++;
      return original.call(this, sql);
    };
    try {
      for (let b = 0; b < 5; b++) {
        await s.archive.appendMany(
          OWNERS.map((owner, i) => ({ owner, message: message(`b${b}-${i}`, b) })),
        );
        await s.archive.append(OWNERS[0]!, message(`single${b}`, b));
      }
    } finally {
      Database.prototype.prepare = original;
      await s.close();
    }
    expect(prepared).toBe(0);
  });
});
