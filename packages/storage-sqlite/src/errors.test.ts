import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { StorageError } from "@parley/storage";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openSqliteStorage } from "./open";
import { useTempDir } from "./test-dir";

describe("errors", () => {
  const tempDir = useTempDir();

  it("wraps a file that is not a database in StorageError with the SQLite cause", () => {
    const path = join(tempDir(), "junk.sqlite");
    writeFileSync(path, "this is not a database, just some text that is long enough ".repeat(20));
    let err: unknown;
    try {
      openSqliteStorage({ path });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StorageError);
    expect(err).toMatchObject({ condition: "internal-server-error" });
    expect((err as Error).message).toContain(path);
    expect((err as Error).cause).toBeInstanceOf(Database.SqliteError);
    expect((err as Error).cause).toMatchObject({ code: "SQLITE_NOTADB" });
  });

  it("wraps a missing parent folder of `path` in StorageError", () => {
    const path = join(tempDir(), "no", "such", "dir", "db.sqlite");
    expect(() => openSqliteStorage({ path })).toThrow(StorageError);
  });

  it("wraps SQLite errors of a running store, keeping the cause", async () => {
    const path = join(tempDir(), "db.sqlite");
    const s = openSqliteStorage({ path });
    try {
      const raw = new Database(path);
      raw.exec("DROP TABLE kv");
      raw.close();
      const err = await s.kv.get("private", "a@example.com", "k").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect(err).toMatchObject({ condition: "internal-server-error" });
      expect((err as Error).message).toMatch(/read key failed/);
      expect((err as Error).cause).toBeInstanceOf(Database.SqliteError);
      // Other tables still work.
      await s.accounts.create("a@example.com", {});
      expect(await s.accounts.exists("a@example.com")).toBe(true);
    } finally {
      await s.close();
    }
  });

  it("wraps undecodable stored credentials in StorageError", async () => {
    const path = join(tempDir(), "db.sqlite");
    const s = openSqliteStorage({ path });
    try {
      await s.accounts.create("a@example.com", {});
      const raw = new Database(path);
      raw
        .prepare("UPDATE accounts SET credentials = '{not json' WHERE jid = 'a@example.com'")
        .run();
      raw.close();
      const err = await s.accounts.get("a@example.com").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect((err as Error).cause).toBeInstanceOf(SyntaxError);
    } finally {
      await s.close();
    }
  });

  it("rejects bad options", () => {
    expect(() => openSqliteStorage({})).toThrow(TypeError);
    expect(() => openSqliteStorage({ path: ":memory:", dataDir: tempDir() })).toThrow(TypeError);
    expect(() => openSqliteStorage({ path: ":memory:", busyTimeoutMs: -1 })).toThrow(RangeError);
    expect(() => openSqliteStorage({ path: ":memory:", busyTimeoutMs: 1.5 })).toThrow(RangeError);
    expect(() => openSqliteStorage({ path: ":memory:", cacheKib: 10 })).toThrow(RangeError);
    expect(() => openSqliteStorage({ path: ":memory:", cacheKib: 100.5 })).toThrow(RangeError);
  });
});
