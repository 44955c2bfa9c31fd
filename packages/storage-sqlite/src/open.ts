// openSqliteStorage: one better-sqlite3 connection in WAL mode behind the Storage interface.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  type AccountStore,
  type ArchiveStore,
  type KeyValueStore,
  type OfflineStore,
  type RosterStore,
  type Storage,
  StorageClosedError,
} from "@parley/storage";
import Database from "better-sqlite3";
import { sqliteAccounts } from "./accounts";
import { sqliteArchive } from "./archive";
import { startArchiveThread } from "./archive-thread";
import { wrapSqliteError } from "./errors";
import { sqliteKv } from "./kv";
import { migrate, migrations } from "./migrations";
import { sqliteOffline } from "./offline";
import { sqliteRoster } from "./roster";
import { type Context, prepareStatements } from "./statements";

export const DEFAULT_FILE_NAME = "parley.sqlite";

export interface SqliteStorageOptions {
  /** The database file (":memory:" for a throwaway database). Give this or `dataDir`. */
  path?: string;
  /** A folder, created if missing, that holds `parley.sqlite`. Give this or `path`. */
  dataDir?: string;
  /** How long a write waits for another connection's lock, in ms (default 5000). */
  busyTimeoutMs?: number;
  /**
   * Page cache of the connection in KiB (default 2048, SQLite's own default; better-sqlite3 would
   * otherwise use 16 MiB). The operating system caches the file as well, so a larger cache mostly
   * helps big archives (XEP-0313) and costs resident memory that is never given back.
   */
  cacheKib?: number;
  /**
   * Archive appends (XEP-0313) in a writer thread with its own connection, off the event loop
   * (default true; a ":memory:" database always appends on its one connection).
   */
  archiveThread?: boolean;
}

export const DEFAULT_CACHE_KIB = 2048;
/**
 * Page cache of the archive writer thread's connection (it opens on the first archived message):
 * the rightmost pages of the archive's three indexes for every active owner stay cached, so an
 * append does not read them back from the file as the archive grows.
 */
const ARCHIVE_WRITER_CACHE_KIB = 16_384;

export interface SqliteInfo {
  path: string;
  schemaVersion: number;
  journalMode: string;
  /** 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. */
  synchronous: number;
  /** Page cache limit in KiB. */
  cacheKib: number;
  foreignKeys: boolean;
  busyTimeoutMs: number;
}

export interface SqliteStorage extends Storage {
  /** XEP-0313 archives (always present on SQLite). */
  readonly archive: ArchiveStore;
  readonly path: string;
  /** The schema version the database is at (the number of migrations applied). */
  readonly schemaVersion: number;
  /** Connection settings, for `check` commands and start-up logs. */
  info(): SqliteInfo;
}

function resolvePath(options: SqliteStorageOptions): string {
  const { path, dataDir } = options;
  if ((path === undefined) === (dataDir === undefined)) {
    throw new TypeError("openSqliteStorage needs exactly one of `path` or `dataDir`");
  }
  if (path !== undefined) return path;
  mkdirSync(dataDir!, { recursive: true });
  return join(dataDir!, DEFAULT_FILE_NAME);
}

function openDatabase(
  path: string,
  busyTimeoutMs: number,
  cacheKib: number,
): { db: Database.Database; version: number } {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { timeout: busyTimeoutMs });
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma("journal_mode = WAL");
    // NORMAL in WAL mode: a power loss may drop the last commits but never corrupts the database.
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    db.pragma(`cache_size = -${cacheKib}`); // negative: KiB, not pages
    // Checkpoint every ~40 MB of WAL instead of SQLite's default ~4 MB: archive bursts (XEP-0313)
    // otherwise spend much of their time copying pages back into the main file.
    db.pragma("wal_autocheckpoint = 10000");
    const version = migrate(db, migrations, path);
    return { db, version };
  } catch (error) {
    db?.close();
    throw wrapSqliteError(error, `opening ${path}`);
  }
}

/** Opens (creating and migrating as needed) a SQLite database as Parley storage. Synchronous. */
export function openSqliteStorage(options: SqliteStorageOptions): SqliteStorage {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new RangeError("busyTimeoutMs must be a non-negative integer");
  }
  const cacheKib = options.cacheKib ?? DEFAULT_CACHE_KIB;
  if (!Number.isSafeInteger(cacheKib) || cacheKib < 64) {
    throw new RangeError("cacheKib must be an integer of at least 64");
  }
  const path = resolvePath(options);
  const { db, version } = openDatabase(path, busyTimeoutMs, cacheKib);
  let closed = false;
  const ctx: Context = {
    db,
    s: prepareStatements(db),
    run: async (doing, fn) => {
      if (closed) throw new StorageClosedError();
      try {
        return fn();
      } catch (error) {
        throw wrapSqliteError(error, doing);
      }
    },
  };
  const accounts: AccountStore = sqliteAccounts(ctx);
  const roster: RosterStore = sqliteRoster(ctx);
  const offline: OfflineStore = sqliteOffline(ctx);
  const kv: KeyValueStore = sqliteKv(ctx);
  const inMemory = path === ":memory:" || path === "";
  const archiveStore = sqliteArchive(
    ctx,
    options.archiveThread === false || inMemory
      ? undefined
      : () =>
          startArchiveThread({
            path,
            busyTimeoutMs,
            cacheKib: Math.max(cacheKib, ARCHIVE_WRITER_CACHE_KIB),
          }),
  );
  const archive: ArchiveStore = archiveStore.store;

  return {
    path,
    schemaVersion: version,
    accounts,
    roster,
    offline,
    kv,
    archive,
    info: () => {
      if (closed) throw new StorageClosedError();
      return {
        path,
        schemaVersion: version,
        journalMode: db.pragma("journal_mode", { simple: true }) as string,
        synchronous: db.pragma("synchronous", { simple: true }) as number,
        cacheKib: -(db.pragma("cache_size", { simple: true }) as number),
        foreignKeys: db.pragma("foreign_keys", { simple: true }) === 1,
        busyTimeoutMs: db.pragma("busy_timeout", { simple: true }) as number,
      };
    },
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await archiveStore.close(); // appends already handed to the writer thread finish first
        // Fold the WAL back into the main file so a copied .sqlite file is complete on its own.
        db.pragma("wal_checkpoint(TRUNCATE)");
        db.pragma("optimize");
      } catch (error) {
        throw wrapSqliteError(error, "checkpoint on close");
      } finally {
        db.close();
      }
    },
  };
}
