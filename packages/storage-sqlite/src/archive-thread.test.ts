// Archive appends on a database file run in the writer thread: the event loop keeps running while
// a batch waits for the write lock, a query after an append sees it, a reused id is still typed,
// close() waits for batches in flight, and a failing batch leaves the other stores serving.
import { join } from "node:path";
import {
  type ArchivedMessage,
  ArchiveIdExistsError,
  StorageClosedError,
  StorageError,
} from "@parley/storage";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openSqliteStorage } from "./open";
import { useTempDir } from "./test-dir";

const OWNER = "juliet@example.com";
const message = (id: string): ArchivedMessage => ({
  id,
  stamp: new Date(Date.UTC(2024, 0, 1)),
  with: "romeo@example.net",
  withResource: "",
  direction: "in",
  xml: `<message><body>${id}</body></message>`,
});
const batch = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ owner: OWNER, message: message(`${prefix}${i}`) }));
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("archive writer thread", () => {
  const tempDir = useTempDir();

  it("keeps the event loop running while a batch waits for the write lock", async () => {
    const path = join(tempDir(), "lock.sqlite");
    const s = openSqliteStorage({ path, busyTimeoutMs: 30_000 });
    const other = new Database(path);
    try {
      await s.archive.appendMany(batch("warm", 1)); // the thread is up
      other.exec("BEGIN IMMEDIATE"); // another writer holds the lock
      let settled = false;
      const pending = s.archive.appendMany(batch("m", 3)).finally(() => {
        settled = true;
      });
      // On the event loop the append would busy-wait here (and fail once the timeout ran out).
      await nextTurn();
      await nextTurn();
      expect(settled).toBe(false);
      other.exec("COMMIT");
      expect(await pending).toBe(3);
      const page = await s.archive.query(OWNER, { max: 10 });
      expect(page.items.map((m) => m.id)).toEqual(["warm0", "m0", "m1", "m2"]);
      expect(page.count).toBe(4);
    } finally {
      other.close();
      await s.close();
    }
  });

  it("reports a reused id as ArchiveIdExistsError, naming it", async () => {
    const s = openSqliteStorage({ path: join(tempDir(), "dup.sqlite") });
    try {
      await s.archive.append(OWNER, message("same"));
      const error = await s.archive.append(OWNER, message("same")).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ArchiveIdExistsError);
      expect((error as Error).message).toContain("same");
    } finally {
      await s.close();
    }
  });

  it("close() writes every batch handed over before it, then refuses appends", async () => {
    const path = join(tempDir(), "close.sqlite");
    const s = openSqliteStorage({ path });
    const inFlight = [s.archive.appendMany(batch("a", 200)), s.archive.appendMany(batch("b", 200))];
    await s.close();
    expect(await Promise.all(inFlight)).toEqual([200, 200]);
    await expect(s.archive.append(OWNER, message("late"))).rejects.toBeInstanceOf(
      StorageClosedError,
    );
    const again = openSqliteStorage({ path });
    try {
      expect((await again.archive.query(OWNER, { max: 0 })).count).toBe(400);
    } finally {
      await again.close();
    }
  });

  it("a failing batch rejects with a StorageError; the other stores and later batches still work", async () => {
    const path = join(tempDir(), "fail.sqlite");
    const s = openSqliteStorage({ path });
    const other = new Database(path);
    try {
      await s.archive.append(OWNER, message("before"));
      // A trigger that refuses one row makes the whole batch fail inside the thread.
      other.exec(
        "CREATE TRIGGER refuse BEFORE INSERT ON archive WHEN NEW.id = 'bad' " +
          "BEGIN SELECT RAISE(ABORT, 'refused'); END",
      );
      const error = await s.archive
        .appendMany([...batch("x", 2), { owner: OWNER, message: message("bad") }])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as Error).message).toContain("refused");
      expect(await s.accounts.count()).toBe(0); // the storage's own connection serves
      await s.archive.appendMany(batch("after", 2));
      const page = await s.archive.query(OWNER, { max: 10 });
      expect(page.items.map((m) => m.id)).toEqual(["before", "after0", "after1"]);
      expect(page.count).toBe(3);
    } finally {
      other.close();
      await s.close();
    }
  });

  it("archiveThread: false appends on the storage's own connection", async () => {
    const path = join(tempDir(), "inline.sqlite");
    const s = openSqliteStorage({ path, archiveThread: false, busyTimeoutMs: 0 });
    const other = new Database(path);
    try {
      other.exec("BEGIN IMMEDIATE");
      // No thread: the append runs at once on this thread and meets the lock.
      await expect(s.archive.append(OWNER, message("m"))).rejects.toBeInstanceOf(StorageError);
      other.exec("COMMIT");
      await s.archive.append(OWNER, message("m"));
      expect((await s.archive.query(OWNER, { max: 0 })).count).toBe(1);
    } finally {
      other.close();
      await s.close();
    }
  });
});
