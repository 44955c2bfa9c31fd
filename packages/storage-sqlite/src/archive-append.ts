// The append path of the SQLite ArchiveStore: a whole batch in one transaction (mod-mam hands
// over everything archived during one event-loop turn), with the fewest statements per row.
// Per row: one INSERT (the UNIQUE index archive_by_id rejects a reused id, no lookup first).
// Per owner and batch: one newest-stamp lookup and one archive_totals upsert.
import { type ArchivedMessage, ArchiveIdExistsError } from "@parley/storage";
import type Database from "better-sqlite3";

export type ArchiveEntries = readonly { owner: string; message: ArchivedMessage }[];

const sql = {
  insert:
    "INSERT INTO archive (owner, id, stamp, with_bare, with_resource, direction, xml) VALUES (?, ?, ?, ?, ?, ?, ?)",
  // max() over the (owner, stamp) index: one index seek, no scan.
  newest: "SELECT max(stamp) FROM archive WHERE owner = ?",
  addTotal:
    "INSERT INTO archive_totals (owner, total) VALUES (?, ?) " +
    "ON CONFLICT (owner) DO UPDATE SET total = total + excluded.total",
} as const;

/** What one owner's rows in the batch need: the stamp floor and how many rows were added. */
interface OwnerState {
  newest: number;
  added: number;
}

const isUniqueViolation = (error: unknown) =>
  (error as { code?: unknown } | null)?.code === "SQLITE_CONSTRAINT_UNIQUE";

/** Prepares the statements once and returns the transaction that appends a batch (all or nothing). */
export function prepareArchiveAppend(db: Database.Database): (entries: ArchiveEntries) => number {
  const insert = db.prepare(sql.insert);
  const newest = db.prepare(sql.newest).pluck();
  const addTotal = db.prepare(sql.addTotal);

  return db.transaction((entries: ArchiveEntries): number => {
    const owners = new Map<string, OwnerState>();
    for (const { owner, message: m } of entries) {
      let state = owners.get(owner);
      if (state === undefined) {
        const top = newest.get(owner) as number | null;
        state = { newest: top ?? Number.NEGATIVE_INFINITY, added: 0 };
        owners.set(owner, state);
      }
      // Stamps never go backwards within an owner's archive (see @parley/storage archive-types).
      const stamp = Math.max(m.stamp.getTime(), state.newest);
      try {
        insert.run(owner, m.id, stamp, m.with, m.withResource, m.direction, m.xml);
      } catch (error) {
        // The only UNIQUE constraint a row can break is (owner, id): seq is assigned by SQLite.
        if (isUniqueViolation(error)) throw new ArchiveIdExistsError(m.id);
        throw error;
      }
      state.newest = stamp;
      state.added++;
    }
    for (const [owner, { added }] of owners) addTotal.run(owner, added);
    return entries.length;
  });
}
