import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import type { StoredCredentials } from "@parley/storage";
import { describe, expect, it } from "vitest";
import { DEFAULT_FILE_NAME, openSqliteStorage } from "./open";
import { useTempDir } from "./test-dir";

const creds: StoredCredentials = {
  "SCRAM-SHA-256": {
    salt: Uint8Array.from([0, 1, 254, 255]),
    iterations: 4096,
    storedKey: new Uint8Array(32).fill(7),
    serverKey: new Uint8Array(32).fill(9),
  },
};

describe("persistence", () => {
  const tempDir = useTempDir();

  it("keeps every kind of data across close and reopen", async () => {
    const dataDir = join(tempDir(), "nested", "data");
    const s = openSqliteStorage({ dataDir });
    expect(s.path).toBe(join(dataDir, DEFAULT_FILE_NAME));
    await s.accounts.create("juliet@example.com", creds);
    const createdAt = (await s.accounts.get("juliet@example.com"))!.createdAt;
    const version = await s.roster.setItem("juliet@example.com", {
      jid: "romeo@example.net",
      name: "Romeo",
      subscription: "both",
      approved: true,
      groups: ["Friends"],
    });
    await s.offline.push("juliet@example.com", {
      xml: "<message/>",
      stamp: new Date(1234567890123),
    });
    await s.kv.set("private", "juliet@example.com", "ns", "<x/>");
    await s.close();

    const again = openSqliteStorage({ dataDir });
    try {
      const a = await again.accounts.get("juliet@example.com");
      expect(a?.createdAt.getTime()).toBe(createdAt.getTime());
      expect([...a!.credentials["SCRAM-SHA-256"]!.salt]).toEqual([0, 1, 254, 255]);
      expect(await again.roster.get("juliet@example.com")).toEqual({
        version,
        items: [
          {
            jid: "romeo@example.net",
            name: "Romeo",
            subscription: "both",
            approved: true,
            groups: ["Friends"],
          },
        ],
      });
      // The version counter survives too: the next change never repeats an old version.
      const next = await again.roster.setItem("juliet@example.com", {
        jid: "x@y",
        subscription: "none",
        groups: [],
      });
      expect(Number(next)).toBeGreaterThan(Number(version));
      expect(await again.offline.takeAll("juliet@example.com")).toEqual([
        { xml: "<message/>", stamp: new Date(1234567890123) },
      ]);
      expect(await again.kv.get("private", "juliet@example.com", "ns")).toBe("<x/>");
    } finally {
      await again.close();
    }
  });

  it("runs in WAL mode with synchronous=NORMAL, foreign keys and a busy timeout", async () => {
    const s = openSqliteStorage({ dataDir: tempDir(), busyTimeoutMs: 1234 });
    try {
      expect(s.info()).toMatchObject({
        journalMode: "wal",
        synchronous: 1,
        foreignKeys: true,
        busyTimeoutMs: 1234,
        cacheKib: 2048,
        schemaVersion: s.schemaVersion,
      });
    } finally {
      await s.close();
    }
    expect(() => s.info()).toThrow(/closed/);
  });

  it("keeps the page cache it is given (SQLite's 2 MiB by default)", async () => {
    const s = openSqliteStorage({ dataDir: tempDir(), cacheKib: 8192 });
    try {
      expect(s.info().cacheKib).toBe(8192);
    } finally {
      await s.close();
    }
  });

  it("checkpoints the WAL on close, leaving a self-contained database file", async () => {
    const dataDir = tempDir();
    const s = openSqliteStorage({ dataDir });
    await s.accounts.createMany(
      Array.from({ length: 500 }, (_, i) => ({ jid: `u${i}@example.com`, credentials: creds })),
    );
    expect(statSync(`${s.path}-wal`).size).toBeGreaterThan(0);
    await s.close();
    const wal = `${s.path}-wal`;
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
  });

  it("lets a second connection read what the first committed", async () => {
    const path = join(tempDir(), "shared.sqlite");
    const a = openSqliteStorage({ path });
    const b = openSqliteStorage({ path });
    try {
      await a.accounts.create("x@example.com", creds);
      expect(await b.accounts.exists("x@example.com")).toBe(true);
      await b.offline.push("x@example.com", { xml: "<m/>", stamp: new Date(5) });
      expect(await a.offline.takeAll("x@example.com")).toHaveLength(1);
      expect(await b.offline.count("x@example.com")).toBe(0);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
