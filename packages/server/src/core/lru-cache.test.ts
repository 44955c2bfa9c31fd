import { describe, expect, it } from "vitest";
import { LruCache } from "./lru-cache";

describe("LruCache", () => {
  it("keeps at most maxEntries, forgetting the least recently used", () => {
    const cache = new LruCache<string, number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1); // a is now younger than b
    cache.set("c", 3);
    expect(cache.size).toBe(2);
    expect(cache.peek("b")).toBeUndefined();
    expect(cache.peek("a")).toBe(1);
    expect(cache.peek("c")).toBe(3);
  });

  it("peek does not refresh; set of a known key refreshes it; delete and clear", () => {
    const cache = new LruCache<string, number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    cache.peek("a");
    cache.set("c", 3);
    expect(cache.peek("a")).toBeUndefined();
    cache.set("b", 20);
    cache.set("d", 4);
    expect(cache.peek("b")).toBe(20);
    expect(cache.peek("c")).toBeUndefined();
    expect(cache.delete("b")).toBe(true);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it("refuses a size below one", () => {
    for (const size of [0, -1, 1.5, Number.NaN]) {
      expect(() => new LruCache(size)).toThrow(RangeError);
    }
  });
});
