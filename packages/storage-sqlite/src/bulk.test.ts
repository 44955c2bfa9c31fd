// Bulk import (`parley-server users import`): createMany writes a whole batch in one transaction.
import { join } from "node:path";
import { StorageError, type StoredCredentials } from "@parley/storage";
import { describe, expect, it } from "vitest";
import { openSqliteStorage } from "./open";
import { useTempDir } from "./test-dir";

const creds = (i: number): StoredCredentials => ({
  "SCRAM-SHA-1": {
    salt: new Uint8Array(16).fill(i & 255),
    iterations: 4096,
    storedKey: new Uint8Array(20).fill(1),
    serverKey: new Uint8Array(20).fill(2),
  },
  "SCRAM-SHA-256": {
    salt: new Uint8Array(16).fill(i & 255),
    iterations: 4096,
    storedKey: new Uint8Array(32).fill(3),
    serverKey: new Uint8Array(32).fill(4),
  },
});

describe("createMany", () => {
  const tempDir = useTempDir();

  it("imports 20,000 accounts in one transaction (time logged, not asserted)", async () => {
    const s = openSqliteStorage({ dataDir: tempDir() });
    try {
      const batch = Array.from({ length: 20_000 }, (_, i) => ({
        jid: `user${i}@example.com`,
        credentials: creds(i),
      }));
      // Wall time and this process's CPU time (the latter is steadier on a busy machine).
      const measure = async (what: string, fn: () => Promise<number>) => {
        const t = performance.now();
        const cpu = process.cpuUsage();
        expect(await fn()).toBe(20_000);
        const { user, system } = process.cpuUsage(cpu);
        return `${what} ${(performance.now() - t).toFixed(0)} ms (cpu ${((user + system) / 1000).toFixed(0)} ms)`;
      };
      const insert = await measure("insert", () => s.accounts.createMany(batch));
      const replace = await measure("replace", () =>
        s.accounts.createMany(batch, { replace: true }),
      );
      console.log(`createMany 20000 accounts: ${insert}, ${replace}`);
      expect(await s.accounts.count("example.com")).toBe(20_000);
      const a = await s.accounts.get("user12345@example.com");
      expect([...a!.credentials["SCRAM-SHA-256"]!.salt]).toEqual(new Array(16).fill(12345 & 255));
    } finally {
      await s.close();
    }
  });

  it("is all-or-nothing: a bad entry in the middle writes none of the batch", async () => {
    const path = join(tempDir(), "db.sqlite");
    const s = openSqliteStorage({ path });
    try {
      await s.accounts.create("before@example.com", creds(0));
      const batch = Array.from({ length: 1000 }, (_, i) => ({
        jid: `u${i}@example.com`,
        credentials: creds(i),
      }));
      // A salt that is not bytes makes encoding throw inside the transaction.
      batch[600] = {
        jid: "bad@example.com",
        credentials: { "SCRAM-SHA-1": { salt: 5 } } as unknown as StoredCredentials,
      };
      await expect(s.accounts.createMany(batch)).rejects.toBeInstanceOf(StorageError);
      expect(await s.accounts.list()).toEqual(["before@example.com"]);
    } finally {
      await s.close();
    }
  });
});
