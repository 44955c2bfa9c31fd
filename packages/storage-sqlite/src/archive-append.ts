// The append path of the SQLite ArchiveStore: a whole batch in one transaction (mod-mam hands
// over everything archived during one event-loop turn), with the fewest statements per row.
// Per row: one INSERT (the UNIQUE index archive_by_id rejects a reused id, no lookup first).
// Per owner and batch: one newest-stamp lookup and one archive_totals upsert.
//
// `createArchiveAppender` runs in two places: on the storage's own connection (":memory:"
// databases) and in the archive writer thread (archive-thread.ts), which evaluates its source
// text. It must therefore stay self-contained: no imports, no outer variables, plain rows in.
import { type ArchivedMessage, ArchiveIdExistsError } from "@parley/storage";
import type Database from "better-sqlite3";

export type ArchiveEntries = readonly { owner: string; message: ArchivedMessage }[];

/** One message as the appender takes it (structured-clone friendly, for the writer thread). */
export type ArchiveRow = [
  owner: string,
  id: string,
  stampMs: number,
  withBare: string,
  withResource: string,
  direction: "in" | "out",
  xml: string,
];

/** `code` of the error the appender throws for a reused id (`archiveId` names it). */
export const ID_EXISTS = "PARLEY_ARCHIVE_ID_EXISTS";

export const toRows = (entries: ArchiveEntries): ArchiveRow[] =>
  entries.map(({ owner, message: m }) => [
    owner,
    m.id,
    m.stamp.getTime(),
    m.with,
    m.withResource,
    m.direction,
    m.xml,
  ]);

/**
 * Prepares the statements once and returns the transaction that appends a batch (all or
 * nothing). Self-contained on purpose (see the file header).
 */
export function createArchiveAppender(
  db: Database.Database,
): Database.Transaction<(rows: readonly ArchiveRow[]) => number> {
  const insert = db.prepare(
    "INSERT INTO archive (owner, id, stamp, with_bare, with_resource, direction, xml) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  // max() over the (owner, stamp) index: one index seek, no scan.
  const newest = db.prepare("SELECT max(stamp) FROM archive WHERE owner = ?").pluck();
  const addTotal = db.prepare(
    "INSERT INTO archive_totals (owner, total) VALUES (?, ?) " +
      "ON CONFLICT (owner) DO UPDATE SET total = total + excluded.total",
  );
  return db.transaction((rows: readonly ArchiveRow[]): number => {
    const owners = new Map<string, { newest: number; added: number }>();
    for (const [owner, id, stampMs, withBare, withResource, direction, xml] of rows) {
      let state = owners.get(owner);
      if (state === undefined) {
        const top = newest.get(owner) as number | null;
        state = { newest: top ?? Number.NEGATIVE_INFINITY, added: 0 };
        owners.set(owner, state);
      }
      // Stamps never go backwards within an owner's archive (see @parley/storage archive-types).
      const stamp = Math.max(stampMs, state.newest);
      try {
        insert.run(owner, id, stamp, withBare, withResource, direction, xml);
      } catch (error) {
        // The only UNIQUE constraint a row can break is (owner, id): seq is assigned by SQLite.
        if ((error as { code?: unknown } | null)?.code === "SQLITE_CONSTRAINT_UNIQUE") {
          throw Object.assign(new Error(`archive id ${id} exists`), {
            code: "PARLEY_ARCHIVE_ID_EXISTS",
            archiveId: id,
          });
        }
        throw error;
      }
      state.newest = stamp;
      state.added++;
    }
    for (const [owner, { added }] of owners) addTotal.run(owner, added);
    return rows.length;
  });
}

/** Turns the appender's reused-id error into the storage's typed error; anything else as is. */
export function typedAppendError(error: unknown): unknown {
  const e = error as { code?: unknown; archiveId?: unknown } | null;
  return e?.code === ID_EXISTS ? new ArchiveIdExistsError(String(e.archiveId)) : error;
}

/** The in-thread append path (":memory:" databases, or with the writer thread turned off). */
export function prepareArchiveAppend(db: Database.Database): (entries: ArchiveEntries) => number {
  const append = createArchiveAppender(db);
  return (entries) => {
    try {
      return append(toRows(entries));
    } catch (error) {
      throw typedAppendError(error);
    }
  };
}
