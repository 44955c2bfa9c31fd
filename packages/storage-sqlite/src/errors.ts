// Errors of @parley/storage-sqlite. Everything SQLite throws reaches callers as a StorageError
// (internal-server-error) carrying the original error as `cause`; typed errors pass through.
import { StorageError } from "@parley/storage";

/** The database was written by a newer Parley (its schema version is ahead of this code's). */
export class SchemaVersionError extends StorageError {
  constructor(
    readonly found: number,
    readonly supported: number,
    readonly path: string,
  ) {
    super(
      "internal-server-error",
      `database ${path} has schema version ${found}, newer than this Parley supports (${supported}); ` +
        "upgrade Parley or restore a backup made with this version",
    );
  }
}

/** Wraps anything that is not already a StorageError. */
export function wrapSqliteError(error: unknown, doing: string): StorageError {
  if (error instanceof StorageError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StorageError("internal-server-error", `sqlite storage: ${doing} failed: ${message}`, {
    cause: error,
  });
}
