// Conformance: RosterStore (RFC 6121 §2 items, XEP-0237 versions).
import { describe, expect, it } from "vitest";
import type { RosterItem } from "../types";
import { type Harness, byJid, normalizeItem } from "./harness";

const OWNER = "juliet@example.com";

const full: RosterItem = {
  jid: "romeo@example.net",
  name: "Romeo \u{1F339} Montague",
  subscription: "from",
  ask: "subscribe",
  pendingIn: true,
  approved: true,
  groups: ["Friends", "Lovers", "\u00c9t\u00e9 \u{1F600}"],
};
const minimal: RosterItem = { jid: "nurse@example.com", subscription: "none", groups: [] };

export function rosterTests(h: Harness): void {
  describe("roster", () => {
    it("starts empty, with a version", async () => {
      const r = await h.storage.roster.get(OWNER);
      expect(r.items).toEqual([]);
      expect(typeof r.version).toBe("string");
      expect(await h.storage.roster.getItem(OWNER, "romeo@example.net")).toBeUndefined();
    });

    it("round-trips items with name, groups, ask, pendingIn and approved", async () => {
      await h.storage.roster.setItem(OWNER, full);
      await h.storage.roster.setItem(OWNER, minimal);
      expect(normalizeItem(await h.storage.roster.getItem(OWNER, full.jid))).toEqual(
        normalizeItem(full),
      );
      expect(normalizeItem(await h.storage.roster.getItem(OWNER, minimal.jid))).toEqual(
        normalizeItem(minimal),
      );
      const items = (await h.storage.roster.get(OWNER)).items.sort(byJid).map(normalizeItem);
      expect(items).toEqual([full, minimal].sort(byJid).map(normalizeItem));
    });

    it("stores every subscription state", async () => {
      for (const subscription of ["none", "to", "from", "both"] as const) {
        await h.storage.roster.setItem(OWNER, {
          jid: `${subscription}@example.com`,
          subscription,
          groups: [],
        });
        expect(
          (await h.storage.roster.getItem(OWNER, `${subscription}@example.com`))?.subscription,
        ).toBe(subscription);
      }
    });

    it("replaces an item with the same jid, clearing flags that are gone", async () => {
      await h.storage.roster.setItem(OWNER, full);
      const updated: RosterItem = { jid: full.jid, subscription: "both", groups: ["Only"] };
      await h.storage.roster.setItem(OWNER, updated);
      const r = await h.storage.roster.get(OWNER);
      expect(r.items).toHaveLength(1);
      expect(normalizeItem(r.items[0])).toEqual(normalizeItem(updated));
    });

    it("changes the version on every change and returns the current one", async () => {
      const seen = new Set([(await h.storage.roster.get(OWNER)).version]);
      const steps = [
        () => h.storage.roster.setItem(OWNER, full),
        () => h.storage.roster.setItem(OWNER, minimal),
        () => h.storage.roster.setItem(OWNER, { ...full, subscription: "both" }),
        () => h.storage.roster.removeItem(OWNER, minimal.jid),
        () => h.storage.roster.setItem(OWNER, minimal),
      ];
      for (const step of steps) {
        const v = await step();
        expect(seen.has(v)).toBe(false);
        seen.add(v);
        expect((await h.storage.roster.get(OWNER)).version).toBe(v);
      }
    });

    it("does not change the version on a no-op remove", async () => {
      await h.storage.roster.setItem(OWNER, full);
      const before = (await h.storage.roster.get(OWNER)).version;
      expect(await h.storage.roster.removeItem(OWNER, "absent@example.com")).toBe(before);
      expect((await h.storage.roster.get(OWNER)).version).toBe(before);
      const empty = (await h.storage.roster.get("other@example.com")).version;
      expect(await h.storage.roster.removeItem("other@example.com", "x@example.com")).toBe(empty);
    });

    it("removes items", async () => {
      await h.storage.roster.setItem(OWNER, full);
      await h.storage.roster.setItem(OWNER, minimal);
      await h.storage.roster.removeItem(OWNER, full.jid);
      expect(await h.storage.roster.getItem(OWNER, full.jid)).toBeUndefined();
      expect((await h.storage.roster.get(OWNER)).items.map((i) => i.jid)).toEqual([minimal.jid]);
    });

    it("keeps rosters of different owners apart", async () => {
      await h.storage.roster.setItem(OWNER, full);
      const otherVersion = (await h.storage.roster.get("romeo@example.net")).version;
      await h.storage.roster.setItem("romeo@example.net", {
        jid: OWNER,
        subscription: "to",
        groups: [],
      });
      const vOwner = (await h.storage.roster.get(OWNER)).version;
      expect((await h.storage.roster.get("romeo@example.net")).version).not.toBe(otherVersion);
      expect((await h.storage.roster.get(OWNER)).items.map((i) => i.jid)).toEqual([full.jid]);
      expect(await h.storage.roster.getItem("romeo@example.net", full.jid)).toBeUndefined();
      await h.storage.roster.removeItem("romeo@example.net", OWNER);
      expect((await h.storage.roster.get(OWNER)).version).toBe(vOwner);
      expect(await h.storage.roster.getItem(OWNER, full.jid)).toBeDefined();
    });

    it("does not share mutable state with callers", async () => {
      const item: RosterItem = { ...full, groups: [...full.groups] };
      await h.storage.roster.setItem(OWNER, item);
      item.groups.push("Later");
      item.name = "changed";
      const got = await h.storage.roster.getItem(OWNER, full.jid);
      got!.groups.length = 0;
      expect(normalizeItem(await h.storage.roster.getItem(OWNER, full.jid))).toEqual(
        normalizeItem(full),
      );
    });

    it("gives concurrent writers distinct versions and loses no item", async () => {
      const versions = await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          h.storage.roster.setItem(OWNER, {
            jid: `c${i}@example.com`,
            subscription: "none",
            groups: [],
          }),
        ),
      );
      expect(new Set(versions).size).toBe(25);
      const r = await h.storage.roster.get(OWNER);
      expect(r.items).toHaveLength(25);
      expect(versions).toContain(r.version);
    });

    it("rejects malformed items with a TypeError and stores nothing", async () => {
      const bad = [
        { jid: "", subscription: "none", groups: [] },
        { jid: "x@example.com", subscription: "sideways", groups: [] },
        { jid: "x@example.com", subscription: "none", ask: "unsubscribe", groups: [] },
        { jid: "x@example.com", subscription: "none", groups: "Friends" },
        { jid: "x@example.com", subscription: "none", groups: [1] },
      ] as unknown as RosterItem[];
      const version = (await h.storage.roster.get(OWNER)).version;
      for (const item of bad)
        await expect(h.storage.roster.setItem(OWNER, item)).rejects.toBeInstanceOf(TypeError);
      expect(await h.storage.roster.get(OWNER)).toEqual({ version, items: [] });
    });
  });
}
