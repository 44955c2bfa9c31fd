// Public API of @parley/storage-sqlite (Node only: better-sqlite3).
export {
  DEFAULT_CACHE_KIB,
  DEFAULT_FILE_NAME,
  type SqliteInfo,
  type SqliteStorage,
  type SqliteStorageOptions,
  openSqliteStorage,
} from "./open";
export { SchemaVersionError } from "./errors";
export { migrations } from "./migrations";
