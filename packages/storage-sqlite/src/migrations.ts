// Versioned schema migrations: migration N (1-based) is `migrations[N - 1]`, applied once, in its
// own IMMEDIATE transaction, and recorded in `schema_migrations`. Never edit a shipped migration:
// append a new one.
import type Database from "better-sqlite3";
import { SchemaVersionError } from "./errors";

export const migrations: readonly string[] = [
  // 1: accounts, rosters, offline queues, module key-value data.
  `
  CREATE TABLE accounts (
    jid         TEXT PRIMARY KEY NOT NULL,  -- prepared bare JID
    domain      TEXT NOT NULL,              -- part after '@', for list/count by domain
    credentials TEXT NOT NULL,              -- JSON from encodeCredentials (SCRAM keys only)
    created_at  INTEGER NOT NULL            -- ms since the epoch
  ) WITHOUT ROWID;
  CREATE INDEX accounts_by_domain ON accounts (domain, jid);

  -- One row per owner that has ever had a roster change; version comes from counters.
  CREATE TABLE rosters (
    owner   TEXT PRIMARY KEY NOT NULL,
    version INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE roster_items (
    owner        TEXT NOT NULL REFERENCES rosters (owner) ON DELETE CASCADE,
    contact      TEXT NOT NULL,
    name         TEXT,
    subscription TEXT NOT NULL CHECK (subscription IN ('none', 'to', 'from', 'both')),
    ask          TEXT CHECK (ask IS NULL OR ask = 'subscribe'),
    pending_in   INTEGER NOT NULL DEFAULT 0,
    approved     INTEGER NOT NULL DEFAULT 0,
    groups       TEXT NOT NULL DEFAULT '[]', -- JSON array of group names, in the caller's order
    PRIMARY KEY (owner, contact)
  ) WITHOUT ROWID;

  -- Storage-wide counters; roster versions are never reused (XEP-0237), even across re-created accounts.
  CREATE TABLE counters (
    name  TEXT PRIMARY KEY NOT NULL,
    value INTEGER NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO counters (name, value) VALUES ('roster_version', 0);

  -- XEP-0160 offline queue; seq gives arrival order.
  CREATE TABLE offline (
    seq   INTEGER PRIMARY KEY,
    owner TEXT NOT NULL,
    stamp INTEGER NOT NULL,                -- ms since the epoch (XEP-0203 delay)
    xml   TEXT NOT NULL
  );
  CREATE INDEX offline_by_owner ON offline (owner, seq);

  CREATE TABLE kv (
    store TEXT NOT NULL,
    owner TEXT NOT NULL,
    key   TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (store, owner, key)
  ) WITHOUT ROWID;
  CREATE INDEX kv_by_owner ON kv (owner);
  `,
  // 2: XEP-0313 message archives. seq is arrival order; stamps never go backwards per owner
  // (the store raises them), so (stamp, seq) is archive order and both indexes (which end in
  // the rowid seq) return rows in that order without a sort.
  `
  CREATE TABLE archive (
    seq           INTEGER PRIMARY KEY,
    owner         TEXT NOT NULL,               -- prepared bare JID of the archive's account
    id            TEXT NOT NULL,               -- archive UID (XEP-0359 stanza-id)
    stamp         INTEGER NOT NULL,            -- ms since the epoch
    with_bare     TEXT NOT NULL,               -- the other party, bare
    with_resource TEXT NOT NULL,               -- its resource, '' when none
    direction     TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    xml           TEXT NOT NULL
  );
  CREATE UNIQUE INDEX archive_by_id ON archive (owner, id);
  CREATE INDEX archive_by_stamp ON archive (owner, stamp);
  CREATE INDEX archive_by_with ON archive (owner, with_bare, stamp);
  -- Messages per archive, so an unfiltered query's RSM <count/> needs no count(*) walk.
  CREATE TABLE archive_totals (
    owner TEXT PRIMARY KEY NOT NULL,
    total INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
];

function currentVersion(db: Database.Database): number {
  return db
    .prepare("SELECT coalesce(max(version), 0) FROM schema_migrations")
    .pluck()
    .get() as number;
}

/**
 * Brings the database up to `list.length`; returns the resulting version. Throws SchemaVersionError
 * (and changes nothing) when the database is already ahead of the code.
 */
export function migrate(db: Database.Database, list: readonly string[], path: string): number {
  db.exec(
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
  );
  const target = list.length;
  const check = () => {
    const v = currentVersion(db);
    if (v > target) throw new SchemaVersionError(v, target, path);
    return v;
  };
  const record = db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)");
  for (let v = check() + 1; v <= target; v++) {
    // IMMEDIATE takes the write lock first, so two processes opening at once cannot both apply v.
    db.transaction(() => {
      if (check() >= v) return;
      db.exec(list[v - 1]!);
      record.run(v, Date.now());
    }).immediate();
  }
  return check();
}
