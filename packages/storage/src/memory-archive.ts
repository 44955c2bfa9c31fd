// In-memory ArchiveStore (XEP-0313) for tests and throwaway servers: one array per owner in
// archive order, plus an id → position map. Same semantics as the persistent stores.
import { ArchiveIdExistsError, ArchiveItemNotFoundError } from "./errors";
import type { ArchivedMessage, ArchivePage, ArchiveQuery, ArchiveStore } from "./types";
import { assertArchivedMessage, assertArchiveQuery } from "./validate";

interface OwnerArchive {
  list: ArchivedMessage[];
  ids: Map<string, number>;
}

const copy = (m: ArchivedMessage): ArchivedMessage => ({ ...m, stamp: new Date(m.stamp) });

export class MemoryArchive implements ArchiveStore {
  private readonly owners = new Map<string, OwnerArchive>();

  /** `check` throws when the storage is closed. */
  constructor(private readonly check: () => void) {}

  /** Forgets an owner's archive (account deletion). */
  drop(owner: string): void {
    this.owners.delete(owner);
  }

  private add(owner: string, message: ArchivedMessage): void {
    let a = this.owners.get(owner);
    if (!a) this.owners.set(owner, (a = { list: [], ids: new Map() }));
    const newest = a.list.at(-1)?.stamp.getTime() ?? Number.NEGATIVE_INFINITY;
    // Stamps never go backwards in archive order (see archive-types.ts).
    const stamp = new Date(Math.max(message.stamp.getTime(), newest));
    a.ids.set(message.id, a.list.length);
    a.list.push({ ...message, stamp });
  }

  async append(owner: string, message: ArchivedMessage): Promise<void> {
    this.check();
    assertArchivedMessage(message);
    if (this.owners.get(owner)?.ids.has(message.id)) throw new ArchiveIdExistsError(message.id);
    this.add(owner, message);
  }

  async appendMany(
    entries: readonly { owner: string; message: ArchivedMessage }[],
  ): Promise<number> {
    this.check();
    // All checks first: a failing batch stores nothing.
    const seen = new Set<string>();
    for (const { owner, message } of entries) {
      assertArchivedMessage(message);
      const key = `${owner}\u0000${message.id}`;
      if (seen.has(key) || this.owners.get(owner)?.ids.has(message.id)) {
        throw new ArchiveIdExistsError(message.id);
      }
      seen.add(key);
    }
    for (const { owner, message } of entries) this.add(owner, message);
    return entries.length;
  }

  async query(owner: string, q: ArchiveQuery): Promise<ArchivePage> {
    this.check();
    assertArchiveQuery(q);
    const a = this.owners.get(owner);
    const list = a?.list ?? [];
    const pos = (id: string): number => {
      const p = a?.ids.get(id);
      if (p === undefined) throw new ArchiveItemNotFoundError(id);
      return p;
    };
    const lo = q.afterId === undefined ? -1 : pos(q.afterId);
    const hi = q.beforeId === undefined ? list.length : pos(q.beforeId);
    const wanted = q.ids && new Set(q.ids.map((id) => list[pos(id)]!.id));
    const after = q.after === undefined ? -1 : pos(q.after);
    const before = q.before === undefined ? list.length : pos(q.before);
    const start = q.start?.getTime() ?? Number.NEGATIVE_INFINITY;
    const end = q.end?.getTime() ?? Number.POSITIVE_INFINITY;

    const set: number[] = [];
    for (let i = lo + 1; i < hi; i++) {
      const m = list[i]!;
      const t = m.stamp.getTime();
      if (q.with !== undefined && m.with !== q.with) continue;
      if (q.withResource !== undefined && m.withResource !== q.withResource) continue;
      if (t < start || t > end || (wanted && !wanted.has(m.id))) continue;
      set.push(i);
    }
    const window = set.filter((i) => i > after && i < before);
    const fromEnd = q.last === true || q.before !== undefined;
    const page = fromEnd
      ? window.slice(Math.max(0, window.length - q.max))
      : window.slice(0, q.max);
    return {
      items: page.map((i) => copy(list[i]!)),
      count: set.length,
      index: page.length > 0 ? set.indexOf(page[0]!) : undefined,
      complete: window.length <= q.max,
    };
  }

  async clear(owner: string): Promise<number> {
    this.check();
    const n = this.owners.get(owner)?.list.length ?? 0;
    this.owners.delete(owner);
    return n;
  }
}
