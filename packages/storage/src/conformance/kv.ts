// Conformance: KeyValueStore (module data such as XEP-0049 private XML or XEP-0054 vCards).
import { describe, expect, it } from "vitest";
import type { Harness } from "./harness";

const OWNER = "juliet@example.com";

export function kvTests(h: Harness): void {
  describe("kv", () => {
    it("gets, sets, overwrites and deletes", async () => {
      const kv = h.storage.kv;
      expect(await kv.get("private", OWNER, "ns:a")).toBeUndefined();
      await kv.set("private", OWNER, "ns:a", "<a/>");
      expect(await kv.get("private", OWNER, "ns:a")).toBe("<a/>");
      await kv.set("private", OWNER, "ns:a", "<a>2</a>");
      expect(await kv.get("private", OWNER, "ns:a")).toBe("<a>2</a>");
      await kv.set("private", OWNER, "ns:a", undefined);
      expect(await kv.get("private", OWNER, "ns:a")).toBeUndefined();
      await kv.set("private", OWNER, "never-set", undefined);
      expect(await kv.entries("private", OWNER)).toEqual([]);
    });

    it("keeps an empty string value and an empty key distinct from absence", async () => {
      await h.storage.kv.set("s", OWNER, "", "");
      expect(await h.storage.kv.get("s", OWNER, "")).toBe("");
      expect(await h.storage.kv.entries("s", OWNER)).toEqual([["", ""]]);
    });

    it("round-trips values exactly", async () => {
      const value = `<query xmlns="jabber:iq:private">caf\u00e9 \u{1F600}\r\n\t${"y".repeat(200_000)}</query>`;
      await h.storage.kv.set("private", OWNER, "big", value);
      expect(await h.storage.kv.get("private", OWNER, "big")).toBe(value);
    });

    it("lists entries sorted by key in UTF-16 code unit order", async () => {
      const keys = ["b", "a", "B", "a\u00e9", "\u{1F600}", "\uFFFD", "aa", "10", "9", "", "\u00e9"];
      for (const [i, key] of keys.entries())
        await h.storage.kv.set("blocklist", OWNER, key, String(i));
      const entries = await h.storage.kv.entries("blocklist", OWNER);
      expect(entries.map(([k]) => k)).toEqual([...keys].sort());
      expect(Object.fromEntries(entries)).toEqual(
        Object.fromEntries(keys.map((k, i) => [k, String(i)])),
      );
    });

    it("keeps stores and owners apart", async () => {
      const kv = h.storage.kv;
      await kv.set("private", OWNER, "k", "p-j");
      await kv.set("vcard", OWNER, "k", "v-j");
      await kv.set("private", "romeo@example.net", "k", "p-r");
      expect(await kv.get("private", OWNER, "k")).toBe("p-j");
      expect(await kv.get("vcard", OWNER, "k")).toBe("v-j");
      expect(await kv.get("private", "romeo@example.net", "k")).toBe("p-r");
      expect(await kv.get("vcard", "romeo@example.net", "k")).toBeUndefined();
      await kv.set("vcard", OWNER, "k", undefined);
      expect(await kv.get("private", OWNER, "k")).toBe("p-j");
    });

    it("clear removes only that owner's keys in that store", async () => {
      const kv = h.storage.kv;
      await kv.set("private", OWNER, "a", "1");
      await kv.set("private", OWNER, "b", "2");
      await kv.set("vcard", OWNER, "a", "3");
      await kv.set("private", "romeo@example.net", "a", "4");
      await kv.clear("private", OWNER);
      expect(await kv.entries("private", OWNER)).toEqual([]);
      expect(await kv.entries("vcard", OWNER)).toEqual([["a", "3"]]);
      expect(await kv.entries("private", "romeo@example.net")).toEqual([["a", "4"]]);
      await kv.clear("nothing-here", OWNER);
      await kv.set("private", OWNER, "c", "5");
      expect(await kv.entries("private", OWNER)).toEqual([["c", "5"]]);
    });
  });
}
