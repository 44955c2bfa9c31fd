// Opens the configured store (SQLite in the data folder by default).
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { Storage } from "@parley/storage";
import { openSqliteStorage } from "@parley/storage-sqlite";
import type { AppConfig } from "./config/types";
import { CliError, ExitCode } from "./errors";

export async function openStorage(config: AppConfig): Promise<Storage> {
  try {
    await mkdir(dirname(config.storage.path), { recursive: true, mode: 0o700 });
    return await openSqliteStorage({
      path: config.storage.path,
      cacheKib: config.storage.cacheKb,
    });
  } catch (error) {
    throw new CliError(
      `cannot open the database ${config.storage.path}: ${(error as Error).message}`,
      ExitCode.runtime,
      {
        cause: error,
      },
    );
  }
}

/** For commands that only read or delete: no database file yet means no accounts yet. */
export function storageExists(config: AppConfig): boolean {
  return existsSync(config.storage.path);
}

/** Runs `fn` with the store open and always closes it (flushing the SQLite WAL). */
export async function withStorage<T>(
  config: AppConfig,
  fn: (storage: Storage) => Promise<T>,
): Promise<T> {
  const storage = await openStorage(config);
  try {
    return await fn(storage);
  } finally {
    await storage.close();
  }
}
