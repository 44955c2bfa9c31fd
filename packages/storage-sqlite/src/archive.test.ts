// The ArchiveStore conformance suite on SQLite, and the query plans behind it: every archive
// query must walk an index in archive order (no full scan, no sort), which keeps pages fast
// with a million archived messages (bench/mam-query.mjs measures it).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeArchiveConformance } from "@parley/storage/conformance";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteStorage } from "./open";
import { useTempDir } from "./test-dir";

const root = mkdtempSync(join(tmpdir(), "parley-sqlite-archive-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
describeArchiveConformance(async () => openSqliteStorage({ dataDir: join(root, String(n++)) }), {
  name: "SqliteStorage (file) archive conformance",
});
describeArchiveConformance(async () => openSqliteStorage({ path: ":memory:" }), {
  name: "SqliteStorage (:memory:) archive conformance",
});

describe("archive query plans", () => {
  const tempDir = useTempDir();

  /** Fills an archive, then records the plan of every SELECT the store runs on it. */
  async function plans(run: (s: ReturnType<typeof openSqliteStorage>) => Promise<unknown>) {
    const path = join(tempDir(), "plans.sqlite");
    const s = openSqliteStorage({ path });
    const entries = [];
    for (let i = 0; i < 3000; i++) {
      entries.push({
        owner: `user${i % 3}@example.com`,
        message: {
          id: `id${i}`,
          stamp: new Date(1_700_000_000_000 + i * 1000),
          with: `contact${i % 40}@example.net`,
          withResource: "",
          direction: "in" as const,
          xml: `<message><body>${i}</body></message>`,
        },
      });
    }
    await s.archive.appendMany(entries);
    await s.close();
    // Trace the statements the store runs, then explain each on a second connection.
    const seen: string[] = [];
    const traced = openSqliteStorage({ path });
    const db = new Database(path);
    try {
      const original = Database.prototype.prepare;
      // biome-ignore lint/suspicious/noExplicitAny: wrapping a prototype method for tracing.
      (Database.prototype as any).prepare = function (this: Database.Database, sql: string) {
        if (/^SELECT/i.test(sql) && /FROM archive/.test(sql)) seen.push(sql);
        return original.call(this, sql);
      };
      try {
        await run(traced);
      } finally {
        Database.prototype.prepare = original;
      }
      db.exec("ANALYZE");
      return seen.map((sql) => {
        const params = Array((sql.match(/\?/g) ?? []).length).fill(1);
        const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
        return { sql, plan: rows.map((r) => r.detail).join(" | ") };
      });
    } finally {
      db.close();
      await traced.close();
    }
  }

  it("latest page, page by with, by time range and deep paging use the archive indexes", async () => {
    const found = await plans(async (s) => {
      const owner = "user1@example.com";
      await s.archive.query(owner, { max: 50, last: true });
      await s.archive.query(owner, { max: 50, with: "contact7@example.net", last: true });
      await s.archive.query(owner, {
        max: 50,
        start: new Date(1_700_000_100_000),
        end: new Date(1_700_000_900_000),
      });
      await s.archive.query(owner, { max: 50, after: "id1501" });
      await s.archive.query(owner, { max: 50, with: "contact1@example.net", after: "id1501" });
      await s.archive.query(owner, { max: 50, afterId: "id301", beforeId: "id2101" });
      await s.archive.query(owner, { max: 50, ids: ["id1", "id4"] });
    });
    // Every distinct statement shape was prepared (the cache prepares each once).
    expect(found.length).toBeGreaterThanOrEqual(8);
    for (const { sql, plan } of found) {
      expect(plan, sql).toMatch(/USING (COVERING )?INDEX archive_by_(stamp|with|id)/);
      expect(plan, sql).not.toMatch(/SCAN archive/);
      // Only an 'ids' lookup sorts, and it sorts no more rows than ids were asked for.
      if (!sql.includes("id IN")) expect(plan, sql).not.toMatch(/TEMP B-TREE/);
    }
    const pageQueries = found.filter((f) => f.sql.includes("ORDER BY"));
    expect(
      pageQueries.some((f) => /archive_by_with \(owner=\? AND with_bare=\?/.test(f.plan)),
    ).toBe(true);
    expect(pageQueries.some((f) => /archive_by_stamp \(owner=\? AND stamp>\?/.test(f.plan))).toBe(
      true,
    );
  });

  it("deleting an account deletes its archive (same transaction as the rest of its data)", async () => {
    const s = openSqliteStorage({ path: ":memory:" });
    try {
      await s.accounts.create("juliet@example.com", {});
      await s.archive.append("juliet@example.com", {
        id: "a",
        stamp: new Date(),
        with: "romeo@example.net",
        withResource: "",
        direction: "out",
        xml: "<message/>",
      });
      expect(await s.accounts.delete("juliet@example.com")).toBe(true);
      expect((await s.archive.query("juliet@example.com", { max: 5 })).count).toBe(0);
    } finally {
      await s.close();
    }
  });
});
