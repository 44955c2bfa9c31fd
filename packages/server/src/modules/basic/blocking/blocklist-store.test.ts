// The blocklist cache: bounded, and only for accounts that exist.
import { MemoryStorage } from "@parley/storage";
import { describe, expect, it } from "vitest";
import { BLOCKING_STORE, BlocklistStore } from "./blocklist-store";

describe("BlocklistStore cache", () => {
  it("keeps no entry for a missing account and at most maxEntries for real ones", async () => {
    const storage = new MemoryStorage();
    await storage.kv.set(BLOCKING_STORE, "a@x", "evil@x", "");
    const accounts = new Set(["a@x", "b@x", "c@x"]);
    const store = new BlocklistStore(storage.kv, (o) => accounts.has(o), 2);
    for (let i = 0; i < 100; i++) expect((await store.get(`nobody${i}@x`)).size).toBe(0);
    expect(store.cachedAccounts).toBe(0);
    expect([...(await store.get("a@x"))]).toEqual(["evil@x"]);
    await store.get("b@x");
    await store.get("c@x");
    expect(store.cachedAccounts).toBe(2);
    // a@x was pushed out; read again, its list is still there.
    expect([...(await store.get("a@x"))]).toEqual(["evil@x"]);
  });

  it("does not cache a failed read, and shares one read between concurrent callers", async () => {
    const storage = new MemoryStorage();
    let reads = 0;
    let fail = true;
    const kv = {
      ...storage.kv,
      entries: async (s: string, o: string) => {
        reads++;
        if (fail) throw new Error("db down");
        return storage.kv.entries(s, o);
      },
    };
    const store = new BlocklistStore(kv, () => true);
    await expect(store.get("a@x")).rejects.toThrow("db down");
    expect(store.cachedAccounts).toBe(0);
    fail = false;
    await Promise.all([store.get("a@x"), store.get("a@x"), store.get("a@x")]);
    expect(reads).toBe(2);
    await store.get("a@x");
    expect(reads).toBe(2);
  });
});
