// In-memory Storage for tests and throwaway servers: same semantics as the persistent stores.
import { AccountExistsError, AccountNotFoundError, StorageClosedError } from "./errors";
import type {
  Account,
  AccountStore,
  KeyValueStore,
  OfflineMessage,
  OfflineStore,
  Roster,
  RosterItem,
  RosterStore,
  Storage,
} from "./types";
import type { StoredCredentials } from "@parley/sasl";

const domainOf = (jid: string) => jid.slice(jid.indexOf("@") + 1);
const copyItem = (i: RosterItem): RosterItem => ({ ...i, groups: [...i.groups] });

export class MemoryStorage implements Storage {
  private closed = false;
  private readonly accountMap = new Map<string, Account>();
  private readonly rosters = new Map<string, { version: number; items: Map<string, RosterItem> }>();
  private readonly queues = new Map<string, OfflineMessage[]>();
  private readonly kvMap = new Map<string, Map<string, string>>();

  private check(): void {
    if (this.closed) throw new StorageClosedError();
  }

  private dropOwner(jid: string): void {
    this.rosters.delete(jid);
    this.queues.delete(jid);
    for (const key of [...this.kvMap.keys()]) if (key.endsWith(`\u0000${jid}`)) this.kvMap.delete(key);
  }

  readonly accounts: AccountStore = {
    create: async (jid: string, credentials: StoredCredentials) => {
      this.check();
      if (this.accountMap.has(jid)) throw new AccountExistsError(jid);
      this.accountMap.set(jid, { jid, credentials, createdAt: new Date() });
    },
    createMany: async (accounts, options) => {
      this.check();
      let written = 0;
      for (const a of accounts) {
        if (this.accountMap.has(a.jid) && !options?.replace) continue;
        this.accountMap.set(a.jid, { jid: a.jid, credentials: a.credentials, createdAt: new Date() });
        written += 1;
      }
      return written;
    },
    get: async (jid) => {
      this.check();
      return this.accountMap.get(jid);
    },
    exists: async (jid) => {
      this.check();
      return this.accountMap.has(jid);
    },
    setCredentials: async (jid, credentials) => {
      this.check();
      const a = this.accountMap.get(jid);
      if (!a) throw new AccountNotFoundError(jid);
      this.accountMap.set(jid, { ...a, credentials });
    },
    delete: async (jid) => {
      this.check();
      this.dropOwner(jid);
      return this.accountMap.delete(jid);
    },
    list: async (domain) => {
      this.check();
      return [...this.accountMap.keys()].filter((j) => !domain || domainOf(j) === domain).sort();
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
      const r = this.rosterOf(owner);
      return { version: String(r.version), items: [...r.items.values()].map(copyItem) };
    },
    getItem: async (owner, contact) => {
      this.check();
      const item = this.rosters.get(owner)?.items.get(contact);
      return item && copyItem(item);
    },
    setItem: async (owner, item) => {
      this.check();
      const r = this.rosterOf(owner);
      r.items.set(item.jid, copyItem(item));
      r.version += 1;
      return String(r.version);
    },
    removeItem: async (owner, contact) => {
      this.check();
      const r = this.rosterOf(owner);
      if (r.items.delete(contact)) r.version += 1;
      return String(r.version);
    },
  };

  readonly offline: OfflineStore = {
    push: async (owner, message, limit) => {
      this.check();
      const q = this.queues.get(owner) ?? [];
      if (limit !== undefined && q.length >= limit) return false;
      q.push({ xml: message.xml, stamp: new Date(message.stamp) });
      this.queues.set(owner, q);
      return true;
    },
    takeAll: async (owner) => {
      this.check();
      const q = this.queues.get(owner) ?? [];
      this.queues.delete(owner);
      return q;
    },
    count: async (owner) => {
      this.check();
      return this.queues.get(owner)?.length ?? 0;
    },
  };

  private table(store: string, owner: string, create: boolean): Map<string, string> | undefined {
    const key = `${store}\u0000${owner}`;
    let t = this.kvMap.get(key);
    if (!t && create) this.kvMap.set(key, (t = new Map()));
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
      return t ? [...t.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : [];
    },
    clear: async (store, owner) => {
      this.check();
      this.kvMap.delete(`${store}\u0000${owner}`);
    },
  };

  async close(): Promise<void> {
    this.closed = true;
  }
}
