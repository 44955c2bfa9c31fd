// The short-lived cache of archiving preferences, and archive ids drawn from a random pool.
import { describe, expect, it } from "vitest";
import type { Prefs } from "./prefs";
import { createPrefsCache } from "./prefs-cache";
import { newArchiveId } from "./stanza-id";

const prefs = (d: Prefs["default"]): Prefs => ({ default: d, always: [], never: [] });

function setup(maxEntries = 10) {
  let clock = 0;
  const reads: string[] = [];
  const stored = new Map<string, Prefs>();
  const cache = createPrefsCache(
    async (owner) => {
      reads.push(owner);
      return stored.get(owner) ?? prefs("always");
    },
    { ttlMs: 1000, maxEntries, now: () => clock },
  );
  return { cache, reads, stored, tick: (ms: number) => (clock += ms) };
}

describe("prefs cache", () => {
  it("reads once per owner within the ttl, again after it", async () => {
    const { cache, reads, stored, tick } = setup();
    expect((await cache.get("a")).default).toBe("always");
    stored.set("a", prefs("never")); // changed behind the cache's back
    tick(999);
    expect((await cache.get("a")).default).toBe("always");
    tick(1);
    expect((await cache.get("a")).default).toBe("never");
    expect(reads).toEqual(["a", "a"]);
  });

  it("set() applies at once, set(undefined) forgets", async () => {
    const { cache, reads, stored } = setup();
    await cache.get("a");
    cache.set("a", prefs("roster"));
    expect((await cache.get("a")).default).toBe("roster");
    stored.set("a", prefs("never"));
    cache.set("a", undefined);
    expect((await cache.get("a")).default).toBe("never");
    expect(reads).toEqual(["a", "a"]);
  });

  it("stays within maxEntries", async () => {
    const { cache, reads } = setup(2);
    for (const o of ["a", "b", "c", "a"]) await cache.get(o);
    // "c" filled it past 2 entries, so "a" had to be read again.
    expect(reads).toEqual(["a", "b", "c", "a"]);
  });
});

describe("newArchiveId", () => {
  it("gives 20 base64url characters, all different, across many refills of the pool", () => {
    const ids = Array.from({ length: 5000 }, () => newArchiveId());
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // Every position of the random part varies.
    for (let i = 8; i < 20; i++) expect(new Set(ids.map((id) => id[i])).size).toBeGreaterThan(32);
  });

  it("sorts (as SQLite's BINARY collation does) in the order of the times it was made at", () => {
    const times = [
      0,
      1,
      63,
      64,
      4095,
      4096,
      Date.UTC(2024, 0, 1),
      Date.UTC(2024, 0, 1) + 1,
      2 ** 47,
    ];
    const ids = times.map((t) => newArchiveId(t));
    const sorted = [...ids].sort((a, b) => (a.slice(0, 8) < b.slice(0, 8) ? -1 : 1));
    expect(sorted).toEqual(ids);
    expect(new Set(ids.map((id) => id.slice(0, 8))).size).toBe(times.length);
  });
});
