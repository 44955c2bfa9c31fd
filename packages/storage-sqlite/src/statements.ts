// Every statement the stores run, prepared once per connection (better-sqlite3 keeps them compiled).
import type Database from "better-sqlite3";

const sql = {
  accountInsert:
    "INSERT INTO accounts (jid, domain, credentials, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (jid) DO NOTHING",
  accountUpsert:
    "INSERT INTO accounts (jid, domain, credentials, created_at) VALUES (?, ?, ?, ?) " +
    "ON CONFLICT (jid) DO UPDATE SET credentials = excluded.credentials",
  accountGet: "SELECT jid, credentials, created_at FROM accounts WHERE jid = ?",
  accountExists: "SELECT 1 FROM accounts WHERE jid = ?",
  accountSetCredentials: "UPDATE accounts SET credentials = ? WHERE jid = ?",
  accountDelete: "DELETE FROM accounts WHERE jid = ?",
  accountList: "SELECT jid FROM accounts",
  accountListByDomain: "SELECT jid FROM accounts WHERE domain = ?",
  accountCount: "SELECT count(*) FROM accounts",
  accountCountByDomain: "SELECT count(*) FROM accounts WHERE domain = ?",
  rosterVersion: "SELECT version FROM rosters WHERE owner = ?",
  rosterNextVersion:
    "UPDATE counters SET value = value + 1 WHERE name = 'roster_version' RETURNING value",
  rosterSetVersion:
    "INSERT INTO rosters (owner, version) VALUES (?, ?) ON CONFLICT (owner) DO UPDATE SET version = excluded.version",
  rosterDelete: "DELETE FROM rosters WHERE owner = ?",
  rosterItems: "SELECT * FROM roster_items WHERE owner = ?",
  rosterItem: "SELECT * FROM roster_items WHERE owner = ? AND contact = ?",
  rosterItemUpsert:
    "INSERT INTO roster_items (owner, contact, name, subscription, ask, pending_in, approved, groups) " +
    "VALUES (@owner, @contact, @name, @subscription, @ask, @pendingIn, @approved, @groups) " +
    "ON CONFLICT (owner, contact) DO UPDATE SET name = excluded.name, subscription = excluded.subscription, " +
    "ask = excluded.ask, pending_in = excluded.pending_in, approved = excluded.approved, groups = excluded.groups",
  rosterItemDelete: "DELETE FROM roster_items WHERE owner = ? AND contact = ?",
  offlineCount: "SELECT count(*) FROM offline WHERE owner = ?",
  offlineInsert: "INSERT INTO offline (owner, stamp, xml) VALUES (?, ?, ?)",
  offlineAll: "SELECT stamp, xml FROM offline WHERE owner = ? ORDER BY seq",
  offlineDeleteOwner: "DELETE FROM offline WHERE owner = ?",
  offlineList: "SELECT seq, stamp, xml FROM offline WHERE owner = ? ORDER BY seq",
  offlineDeleteOne: "DELETE FROM offline WHERE owner = ? AND seq = ?",
  kvGet: "SELECT value FROM kv WHERE store = ? AND owner = ? AND key = ?",
  kvUpsert:
    "INSERT INTO kv (store, owner, key, value) VALUES (?, ?, ?, ?) " +
    "ON CONFLICT (store, owner, key) DO UPDATE SET value = excluded.value",
  kvDelete: "DELETE FROM kv WHERE store = ? AND owner = ? AND key = ?",
  kvEntries: "SELECT key, value FROM kv WHERE store = ? AND owner = ?",
  kvClear: "DELETE FROM kv WHERE store = ? AND owner = ?",
  kvDeleteOwner: "DELETE FROM kv WHERE owner = ?",
  archiveDeleteOwner: "DELETE FROM archive WHERE owner = ?",
  archiveTotalDelete: "DELETE FROM archive_totals WHERE owner = ?",
} as const;

type Name = keyof typeof sql;
/** Statements that return the first column only. */
const plucked: ReadonlySet<Name> = new Set<Name>([
  "accountExists",
  "accountList",
  "accountListByDomain",
  "accountCount",
  "accountCountByDomain",
  "rosterVersion",
  "rosterNextVersion",
  "offlineCount",
  "kvGet",
]);
/** Statements that return rows as arrays. */
const raw: ReadonlySet<Name> = new Set<Name>(["kvEntries"]);

export type Statements = { readonly [K in Name]: Database.Statement };

export function prepareStatements(db: Database.Database): Statements {
  const out = {} as Record<Name, Database.Statement>;
  for (const name of Object.keys(sql) as Name[]) {
    const stmt = db.prepare(sql[name]);
    out[name] = plucked.has(name) ? stmt.pluck() : raw.has(name) ? stmt.raw() : stmt;
  }
  return out;
}

/** What every store file receives: the connection, its statements and the call guard. */
export interface Context {
  db: Database.Database;
  s: Statements;
  /** Runs `fn` if the storage is open; turns anything thrown into a StorageError. */
  run<T>(doing: string, fn: () => T): Promise<T>;
}
