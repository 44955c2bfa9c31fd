// In-memory Storage for tests and throwaway servers: same semantics as the persistent stores
// (values are copied in and out, so callers never share mutable state with the store).
import type { StoredCredentials } from "@parley/sasl";
import { AccountExistsError, AccountNotFoundError, StorageClosedError } from "./errors";
import type {
  Account,
  AccountStore,
  ArchiveStore,
  KeyValueStore,
  ListedOfflineMessage,
  OfflineStore,
  Roster,
  RosterItem,
  RosterStore,
  Storage,
} from "./types";
import { MemoryArchive } from "./memory-archive";
import { assertLimit, assertOfflineMessage, assertRosterItem, compareStrings } from "./validate";

const domainOf = (jid: string) => jid.slice(jid.indexOf("@") + 1);
const copyItem = (i: RosterItem): RosterItem => ({ ...i, groups: [...i.groups] });

function copyCredentials(c: StoredCredentials): StoredCredentials {
  const out: StoredCredentials = {};
  for (const [hash, s] of Object.entries(c) as [
    keyof StoredCredentials,
    NonNullable<StoredCredentials[keyof StoredCredentials]>,
  ][]) {
    if (!s) continue;
    out[hash] = {
      salt: s.salt.slice(),
      iterations: s.iterations,
      storedKey: s.storedKey.slice(),
      serverKey: s.serverKey.slice(),
    };
  }
  return out;
}

const copyAccount = (a: Account): Account => ({
  jid: a.jid,
  credentials: copyCredentials(a.credentials),
  createdAt: new Date(a.createdAt),
});

export class MemoryStorage implements Storage {
  private closed = false;
  private readonly accountMap = new Map<string, Account>();
  private readonly rosters = new Map<string, { version: number; items: Map<string, RosterItem> }>();
  /**
   * Roster versions come from one storage-wide counter, so a deleted and re-created account never
   * hands out a version an old client cached (XEP-0237 §4 would then skip the roster).
   */
  private rosterSeq = 0;
  private readonly queues = new Map<string, ListedOfflineMessage[]>();
  private offlineSeq = 0;
  /** store -> owner -> key -> value */
  private readonly kvMap = new Map<string, Map<string, Map<string, string>>>();

  private check(): void {
    if (this.closed) throw new StorageClosedError();
  }

  private readonly archiveStore = new MemoryArchive(() => this.check());
  /** XEP-0313 archives. */
  readonly archive: ArchiveStore = this.archiveStore;

  private dropOwner(jid: string): void {
    this.archiveStore.drop(jid);
    this.rosters.delete(jid);
    this.queues.delete(jid);
    for (const owners of this.kvMap.values()) owners.delete(jid);
  }

  readonly accounts: AccountStore = {
    create: async (jid: string, credentials: StoredCredentials) => {
      this.check();
      if (this.accountMap.has(jid)) throw new AccountExistsError(jid);
      this.accountMap.set(jid, {
        jid,
        credentials: copyCredentials(credentials),
        createdAt: new Date(),
      });
    },
    createMany: async (accounts, options) => {
      this.check();
      let written = 0;
      for (const a of accounts) {
        const existing = this.accountMap.get(a.jid);
        if (existing && !options?.replace) continue;
        // Replacing only swaps credentials: the account (and its creation time) stays.
        const createdAt = existing?.createdAt ?? new Date();
        this.accountMap.set(a.jid, {
          jid: a.jid,
          credentials: copyCredentials(a.credentials),
          createdAt,
        });
        written += 1;
      }
      return written;
    },
    get: async (jid) => {
      this.check();
      const a = this.accountMap.get(jid);
      return a && copyAccount(a);
    },
    exists: async (jid) => {
      this.check();
      return this.accountMap.has(jid);
    },
    setCredentials: async (jid, credentials) => {
      this.check();
      const a = this.accountMap.get(jid);
      if (!a) throw new AccountNotFoundError(jid);
      this.accountMap.set(jid, { ...a, credentials: copyCredentials(credentials) });
    },
    delete: async (jid) => {
      this.check();
      this.dropOwner(jid);
      return this.accountMap.delete(jid);
    },
    list: async (domain) => {
      this.check();
      return [...this.accountMap.keys()]
        .filter((j) => !domain || domainOf(j) === domain)
        .sort(compareStrings);
    },
    count: async (domain) => (await this.accounts.list(domain)).length,
  };

  private rosterOf(owner: string) {
    let r = this.rosters.get(owner);
    if (!r) this.rosters.set(owner, (r = { version: 0, items: new Map() }));
    return r;
  }

  readonly roster: RosterStore = {
    get: async (owner): Promise<Roster> => {
      this.check();
      const r = this.rosters.get(owner);
      return {
        version: String(r?.version ?? 0),
        items: r ? [...r.items.values()].map(copyItem) : [],
      };
    },
    getItem: async (owner, contact) => {
      this.check();
      const item = this.rosters.get(owner)?.items.get(contact);
      return item && copyItem(item);
    },
    setItem: async (owner, item) => {
      this.check();
      assertRosterItem(item);
      const r = this.rosterOf(owner);
      r.items.set(item.jid, copyItem(item));
      r.version = ++this.rosterSeq;
      return String(r.version);
    },
    removeItem: async (owner, contact) => {
      this.check();
      const r = this.rosters.get(owner);
      if (r?.items.delete(contact)) r.version = ++this.rosterSeq;
      return String(r?.version ?? 0);
    },
  };

  readonly offline: OfflineStore = {
    push: async (owner, message, limit) => {
      this.check();
      assertOfflineMessage(message);
      assertLimit(limit);
      const q = this.queues.get(owner) ?? [];
      if (limit !== undefined && q.length >= limit) return false;
      q.push({ id: String(++this.offlineSeq), xml: message.xml, stamp: new Date(message.stamp) });
      this.queues.set(owner, q);
      return true;
    },
    takeAll: async (owner) => {
      this.check();
      const q = this.queues.get(owner) ?? [];
      this.queues.delete(owner);
      return q.map((m) => ({ xml: m.xml, stamp: m.stamp }));
    },
    list: async (owner) => {
      this.check();
      return (this.queues.get(owner) ?? []).map((m) => ({ ...m, stamp: new Date(m.stamp) }));
    },
    remove: async (owner, ids) => {
      this.check();
      const q = this.queues.get(owner);
      if (!q || ids.length === 0) return 0;
      const gone = new Set(ids);
      const rest = q.filter((m) => !gone.has(m.id));
      if (rest.length === 0) this.queues.delete(owner);
      else this.queues.set(owner, rest);
      return q.length - rest.length;
    },
    count: async (owner) => {
      this.check();
      return this.queues.get(owner)?.length ?? 0;
    },
  };

  private table(store: string, owner: string, create: boolean): Map<string, string> | undefined {
    let owners = this.kvMap.get(store);
    if (!owners && create) this.kvMap.set(store, (owners = new Map()));
    let t = owners?.get(owner);
    if (!t && create) owners!.set(owner, (t = new Map()));
    return t;
  }

  readonly kv: KeyValueStore = {
    get: async (store, owner, key) => {
      this.check();
      return this.table(store, owner, false)?.get(key);
    },
    set: async (store, owner, key, value) => {
      this.check();
      if (value === undefined) this.table(store, owner, false)?.delete(key);
      else this.table(store, owner, true)!.set(key, value);
    },
    entries: async (store, owner) => {
      this.check();
      const t = this.table(store, owner, false);
      return t ? [...t.entries()].sort(([a], [b]) => compareStrings(a, b)) : [];
    },
    clear: async (store, owner) => {
      this.check();
      this.kvMap.get(store)?.delete(owner);
    },
  };

  async close(): Promise<void> {
    this.closed = true;
  }
}
