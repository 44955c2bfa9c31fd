// The blocklists, kept in the "blocking" key-value store (one key per blocked JID), with an
// in-memory copy of the most recently used accounts' lists, since every routed stanza consults
// them. Only existing accounts are cached, in a bounded LRU: stanzas to thousands of made-up
// addresses neither grow the cache nor read a blocklist each.
import type { KeyValueStore } from "@parley/storage";
import { LruCache } from "../../../core/lru-cache";

export const BLOCKING_STORE = "blocking";
/** Accounts whose blocklist stays in memory ([modules.blocking] cache_size). */
export const DEFAULT_CACHE_SIZE = 10_000;

/** Whether `owner` (a bare JID of a local domain) is an account. */
export type AccountExists = (owner: string) => boolean | Promise<boolean>;

export class BlocklistStore {
  /** Lists of existing accounts only, as settled promises (no allocation per stanza). */
  private readonly cache: LruCache<string, Promise<Set<string>>>;
  /** Reads under way, so that concurrent stanzas share one; emptied as they settle. */
  private readonly loading = new Map<string, Promise<Set<string>>>();

  constructor(
    private readonly kv: KeyValueStore,
    private readonly accountExists: AccountExists,
    maxEntries = DEFAULT_CACHE_SIZE,
  ) {
    this.cache = new LruCache(maxEntries);
  }

  /** Accounts whose list is in memory (tests, metrics). */
  get cachedAccounts(): number {
    return this.cache.size;
  }

  /**
   * The owner's blocked JIDs (a shared set: do not modify it). An address without an account
   * has an empty list, read from nowhere and cached nowhere: it never pushes a real account's
   * list out of the cache.
   */
  get(owner: string): Promise<ReadonlySet<string>> {
    const cached = this.cache.get(owner);
    if (cached) return cached;
    let pending = this.loading.get(owner);
    if (!pending) {
      // A failed read is not cached: the next stanza tries again.
      pending = this.load(owner).finally(() => this.loading.delete(owner));
      this.loading.set(owner, pending);
    }
    return pending;
  }

  private async load(owner: string): Promise<Set<string>> {
    if (!(await this.accountExists(owner))) return new Set();
    const entries = await this.kv.entries(BLOCKING_STORE, owner);
    const list = new Set(entries.map(([k]) => k));
    // Not if forget() came while reading (the account was just deleted).
    if (this.loading.has(owner)) this.cache.set(owner, Promise.resolve(list));
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
    this.loading.delete(owner);
  }
}
