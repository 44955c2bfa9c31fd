// ArchiveStore on SQLite (XEP-0313): one row per archived message; queries walk the
// (owner, stamp) or (owner, with_bare, stamp) index in archive order (stamp, seq) and never sort.
// Appends (one transaction per batch) are in archive-append.ts; on a database file they run in
// the archive writer thread (archive-thread.ts), off the event loop.
import {
  type ArchivedMessage,
  ArchiveItemNotFoundError,
  type ArchivePage,
  type ArchiveQuery,
  type ArchiveStore,
  assertArchivedMessage,
  assertArchiveQuery,
} from "@parley/storage";
import type Database from "better-sqlite3";
import { prepareArchiveAppend, toRows } from "./archive-append";
import type { ArchiveThread } from "./archive-thread";
import { wrapSqliteError } from "./errors";
import type { Context } from "./statements";

interface Row {
  seq: number;
  id: string;
  stamp: number;
  with_bare: string;
  with_resource: string;
  direction: "in" | "out";
  xml: string;
}

/** A position in archive order. */
type Pos = { stamp: number; seq: number };

const toMessage = (r: Row): ArchivedMessage => ({
  id: r.id,
  stamp: new Date(r.stamp),
  with: r.with_bare,
  withResource: r.with_resource,
  direction: r.direction,
  xml: r.xml,
});

/** The WHERE clause of a query's result set (filters only) and its parameters. */
function filterClause(owner: string, q: ArchiveQuery, lo?: Pos, hi?: Pos) {
  const where = ["owner = ?"];
  const params: unknown[] = [owner];
  const add = (condition: string, ...values: unknown[]) => {
    where.push(condition);
    params.push(...values);
  };
  if (q.with !== undefined) add("with_bare = ?", q.with);
  if (q.withResource !== undefined) add("with_resource = ?", q.withResource);
  if (q.start !== undefined) add("stamp >= ?", q.start.getTime());
  if (q.end !== undefined) add("stamp <= ?", q.end.getTime());
  if (lo) add("(stamp, seq) > (?, ?)", lo.stamp, lo.seq);
  if (hi) add("(stamp, seq) < (?, ?)", hi.stamp, hi.seq);
  if (q.ids) add(`id IN (${q.ids.map(() => "?").join(", ")})`, ...q.ids);
  return { where: where.join(" AND "), params };
}

const isAfter = (a: Pos, b: Pos) => a.stamp > b.stamp || (a.stamp === b.stamp && a.seq > b.seq);
const later = (a?: Pos, b?: Pos) => (!a ? b : !b ? a : isAfter(a, b) ? a : b);
const earlier = (a?: Pos, b?: Pos) => (!a ? b : !b ? a : isAfter(a, b) ? b : a);

/** Whether the query's result set is the owner's whole archive (its size is kept in a table). */
const unfiltered = (q: ArchiveQuery) =>
  q.with === undefined &&
  q.start === undefined &&
  q.end === undefined &&
  q.afterId === undefined &&
  q.beforeId === undefined &&
  q.ids === undefined;

export interface SqliteArchive {
  store: ArchiveStore;
  /** Waits for the appends handed to the writer thread and stops it (before the connection closes). */
  close(): Promise<void>;
}

/**
 * The archive store. `startThread`: how to start the writer thread, started on the first append
 * (undefined: appends run on the storage's own connection, as a ":memory:" database needs).
 */
export function sqliteArchive(
  { db, s, run }: Context,
  startThread?: () => ArchiveThread,
): SqliteArchive {
  const appendHere = prepareArchiveAppend(db);
  let thread: ArchiveThread | undefined;
  const appendAll = async (entries: Parameters<typeof appendHere>[0]) => {
    if (!startThread) return run("archive messages", () => appendHere(entries));
    await run("archive messages", () => undefined); // refuses once closed
    thread ??= startThread();
    return thread.append(toRows(entries)).catch((error: unknown) => {
      throw wrapSqliteError(error, "archive messages");
    });
  };
  const position = db.prepare("SELECT stamp, seq FROM archive WHERE owner = ? AND id = ?");
  const total = db.prepare("SELECT total FROM archive_totals WHERE owner = ?").pluck();
  const clear = db.transaction((owner: string) => {
    s.archiveTotalDelete.run(owner);
    return s.archiveDeleteOwner.run(owner).changes;
  });
  // Dynamic queries differ only in which filters are present: few shapes, each prepared once.
  const cache = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let stmt = cache.get(sql);
    if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
    return stmt;
  };

  const query = db.transaction((owner: string, q: ArchiveQuery): ArchivePage => {
    const pos = (id: string): Pos => {
      const p = position.get(owner, id) as Pos | undefined;
      if (!p) throw new ArchiveItemNotFoundError(id);
      return p;
    };
    const lo = q.afterId === undefined ? undefined : pos(q.afterId);
    const hi = q.beforeId === undefined ? undefined : pos(q.beforeId);
    for (const id of q.ids ?? []) pos(id);
    const after = q.after === undefined ? undefined : pos(q.after);
    const before = q.before === undefined ? undefined : pos(q.before);

    const set = filterClause(owner, q, lo, hi);
    const count = unfiltered(q)
      ? ((total.get(owner) as number | undefined) ?? 0)
      : (prepared(`SELECT count(*) FROM archive WHERE ${set.where}`)
          .pluck()
          .get(...set.params) as number);
    const page = filterClause(owner, q, later(lo, after), earlier(hi, before));
    const fromEnd = q.last === true || q.before !== undefined;
    const order = fromEnd ? "stamp DESC, seq DESC" : "stamp, seq";
    // ids are few: look them up by the id index instead of walking the owner's whole archive.
    const index = q.ids ? "INDEXED BY archive_by_id" : "";
    const rows = prepared(
      `SELECT * FROM archive ${index} WHERE ${page.where} ORDER BY ${order} LIMIT ?`,
    ).all(...page.params, q.max + 1) as Row[];
    const complete = rows.length <= q.max;
    const items = rows.slice(0, q.max);
    if (fromEnd) items.reverse();
    const first = items[0];
    let position0: number | undefined;
    if (first && fromEnd && !before) {
      position0 = count - items.length; // the page ends the result set
    } else if (first) {
      const before0 = filterClause(owner, q, lo, earlier(hi, first));
      position0 = prepared(`SELECT count(*) FROM archive WHERE ${before0.where}`)
        .pluck()
        .get(...before0.params) as number;
    }
    return { items: items.map(toMessage), count, index: position0, complete };
  });

  const store: ArchiveStore = {
    append: async (owner, message) => {
      assertArchivedMessage(message);
      await appendAll([{ owner, message }]);
    },
    appendMany: async (entries) => {
      for (const e of entries) assertArchivedMessage(e.message);
      return appendAll(entries);
    },
    query: async (owner, q) => {
      assertArchiveQuery(q);
      return run("query archive", () => query(owner, q));
    },
    clear: (owner) => run("clear archive", () => clear.immediate(owner)),
  };
  return { store, close: async () => thread?.close() };
}
