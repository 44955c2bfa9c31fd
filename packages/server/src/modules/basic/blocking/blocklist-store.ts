// The blocklists, kept in the "blocking" key-value store (one key per blocked JID) with an
// in-memory copy per account, since every routed stanza consults them.
import type { KeyValueStore } from "@parley/storage";

export const BLOCKING_STORE = "blocking";

export class BlocklistStore {
  private readonly cache = new Map<string, Promise<Set<string>>>();

  constructor(private readonly kv: KeyValueStore) {}

  /** The owner's blocked JIDs (a shared set: do not modify it). */
  get(owner: string): Promise<ReadonlySet<string>> {
    let list = this.cache.get(owner);
    if (!list) {
      list = this.kv.entries(BLOCKING_STORE, owner).then((e) => new Set(e.map(([k]) => k)));
      // A failed read is not cached: the next stanza tries again.
      list.catch(() => this.cache.delete(owner));
      this.cache.set(owner, list);
    }
    return list;
  }

  /** Adds JIDs; returns those that were not blocked before. */
  async add(owner: string, jids: readonly string[]): Promise<string[]> {
    const list = (await this.get(owner)) as Set<string>;
    const added = jids.filter((j) => !list.has(j));
    for (const j of added) {
      await this.kv.set(BLOCKING_STORE, owner, j, "");
      list.add(j);
    }
    return added;
  }

  /** Removes JIDs (all of them when `jids` is undefined); returns those that were blocked. */
  async remove(owner: string, jids?: readonly string[]): Promise<string[]> {
    const list = (await this.get(owner)) as Set<string>;
    const removed = jids ? jids.filter((j) => list.has(j)) : [...list];
    if (jids) {
      for (const j of removed) await this.kv.set(BLOCKING_STORE, owner, j, undefined);
    } else {
      await this.kv.clear(BLOCKING_STORE, owner);
    }
    for (const j of removed) list.delete(j);
    return removed;
  }

  /** Forgets the cached copy (e.g. when the account is deleted). */
  forget(owner: string): void {
    this.cache.delete(owner);
  }
}
