import { join } from "node:path";
import { StorageError } from "@parley/storage";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { SchemaVersionError } from "./errors";
import { migrate, migrations } from "./migrations";
import { openSqliteStorage } from "./open";
import { prepareStatements } from "./statements";
import { useTempDir } from "./test-dir";

const versions = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare("SELECT version FROM schema_migrations ORDER BY version").pluck().all();
  } finally {
    db.close();
  }
};

describe("migrations", () => {
  const tempDir = useTempDir();

  it("records every applied migration once, and re-opening applies nothing again", async () => {
    const path = join(tempDir(), "db.sqlite");
    const s = openSqliteStorage({ path });
    expect(s.schemaVersion).toBe(migrations.length);
    await s.close();
    const expected = migrations.map((_, i) => i + 1);
    expect(versions(path)).toEqual(expected);
    await openSqliteStorage({ path }).close();
    expect(versions(path)).toEqual(expected);
  });

  it("has an index for every lookup: no prepared statement scans a table", () => {
    const path = join(tempDir(), "db.sqlite");
    const db = new Database(path);
    try {
      migrate(db, migrations, path);
      // Listing or counting every account is a scan by nature; everything else must search.
      const wholeTable = new Set(["accountList", "accountCount"]);
      const checked: string[] = [];
      for (const [name, stmt] of Object.entries(prepareStatements(db))) {
        const sql = stmt.source.replace(/\?|@\w+/g, "NULL");
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
          .map((r) => r.detail)
          .join("; ");
        if (wholeTable.has(name)) continue;
        expect(plan, `${name}: ${plan}`).not.toMatch(/\bSCAN\b|TEMP B-TREE/);
        checked.push(name);
      }
      expect(checked.length).toBeGreaterThan(20);
    } finally {
      db.close();
    }
  });

  it("applies only the missing migrations, in order", () => {
    const path = join(tempDir(), "db.sqlite");
    const db = new Database(path);
    try {
      const list = ["CREATE TABLE a (x)", "CREATE TABLE b (x)", "INSERT INTO b VALUES (1)"];
      expect(migrate(db, list.slice(0, 1), path)).toBe(1);
      expect(migrate(db, list, path)).toBe(3);
      expect(db.prepare("SELECT x FROM b").pluck().all()).toEqual([1]);
      expect(migrate(db, list, path)).toBe(3);
      expect(db.prepare("SELECT count(*) FROM b").pluck().get()).toBe(1);
    } finally {
      db.close();
    }
  });

  it("rolls a failing migration back completely", () => {
    const path = join(tempDir(), "db.sqlite");
    const db = new Database(path);
    try {
      expect(() =>
        migrate(db, ["CREATE TABLE a (x)", "CREATE TABLE half (x); THIS IS NOT SQL"], path),
      ).toThrow();
      expect(
        db.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations").pluck().get(),
      ).toBe(1);
      expect(
        db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get(),
      ).toBe(0);
    } finally {
      db.close();
    }
  });

  it("refuses a database from a newer version with a clear error, and leaves it untouched", async () => {
    const path = join(tempDir(), "db.sqlite");
    await openSqliteStorage({ path }).close();
    const newer = migrations.length + 1;
    const raw = new Database(path);
    raw.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, 0)").run(newer);
    raw.close();

    let err: unknown;
    try {
      openSqliteStorage({ path });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SchemaVersionError);
    expect(err).toBeInstanceOf(StorageError);
    expect(err).toMatchObject({
      found: newer,
      supported: migrations.length,
      path,
      condition: "internal-server-error",
    });
    expect((err as Error).message).toContain(`schema version ${newer}`);
    expect((err as Error).message).toMatch(/newer than this Parley supports/);
    expect(versions(path)).toEqual([...migrations.map((_, i) => i + 1), newer]);
  });
});
