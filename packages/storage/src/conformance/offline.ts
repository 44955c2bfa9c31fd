// Conformance: OfflineStore (XEP-0160 queue, XEP-0203 stamps).
import { describe, expect, it } from "vitest";
import type { OfflineMessage } from "../types";
import type { Harness } from "./harness";

const OWNER = "juliet@example.com";
const msg = (
  i: number,
  stamp = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, i % 1000)),
): OfflineMessage => ({
  xml: `<message xmlns="jabber:client" to="${OWNER}" id="m${i}"><body>${i}</body></message>`,
  stamp,
});

export function offlineTests(h: Harness): void {
  describe("offline", () => {
    it("keeps arrival order (not stamp order) and empties the queue on takeAll", async () => {
      const stamps = [
        new Date(Date.UTC(2030, 5, 1)),
        new Date(0),
        new Date(Date.UTC(2020, 0, 1, 0, 0, 0, 999)),
      ];
      for (const [i, stamp] of stamps.entries())
        expect(await h.storage.offline.push(OWNER, msg(i, stamp))).toBe(true);
      expect(await h.storage.offline.count(OWNER)).toBe(3);
      const taken = await h.storage.offline.takeAll(OWNER);
      expect(taken.map((m) => m.xml)).toEqual([0, 1, 2].map((i) => msg(i).xml));
      expect(taken.map((m) => m.stamp.getTime())).toEqual(stamps.map((s) => s.getTime()));
      expect(await h.storage.offline.count(OWNER)).toBe(0);
      expect(await h.storage.offline.takeAll(OWNER)).toEqual([]);
    });

    it("round-trips stamps to the millisecond as Dates, and xml exactly", async () => {
      const stamp = new Date("2024-02-29T23:59:59.123Z");
      const xml = `<message xmlns="jabber:client"><body>caf\u00e9 \u{1F600}\n\t&lt;&amp;\r\n${"x".repeat(100_000)}</body></message>`;
      await h.storage.offline.push(OWNER, { xml, stamp });
      const [m] = await h.storage.offline.takeAll(OWNER);
      expect(m!.stamp).toBeInstanceOf(Date);
      expect(m!.stamp.toISOString()).toBe("2024-02-29T23:59:59.123Z");
      expect(m!.xml).toBe(xml);
    });

    it("does not keep a reference to the caller's Date", async () => {
      const stamp = new Date(1_000);
      await h.storage.offline.push(OWNER, { xml: "<message/>", stamp });
      stamp.setTime(5_000);
      expect((await h.storage.offline.takeAll(OWNER))[0]!.stamp.getTime()).toBe(1_000);
    });

    it("refuses a push once the queue holds `limit` messages, and stores nothing", async () => {
      for (let i = 0; i < 3; i++) expect(await h.storage.offline.push(OWNER, msg(i), 3)).toBe(true);
      expect(await h.storage.offline.push(OWNER, msg(3), 3)).toBe(false);
      expect(await h.storage.offline.push(OWNER, msg(4), 2)).toBe(false);
      expect(await h.storage.offline.count(OWNER)).toBe(3);
      expect(await h.storage.offline.push(OWNER, msg(5))).toBe(true);
      expect(await h.storage.offline.push("other@example.com", msg(6), 0)).toBe(false);
      expect(await h.storage.offline.count("other@example.com")).toBe(0);
      expect((await h.storage.offline.takeAll(OWNER)).map((m) => m.xml)).toEqual(
        [0, 1, 2, 5].map((i) => msg(i).xml),
      );
      expect(await h.storage.offline.push(OWNER, msg(7), 1)).toBe(true);
    });

    it("keeps queues of different owners apart", async () => {
      await h.storage.offline.push(OWNER, msg(1));
      await h.storage.offline.push("romeo@example.net", msg(2));
      expect((await h.storage.offline.takeAll("romeo@example.net")).map((m) => m.xml)).toEqual([
        msg(2).xml,
      ]);
      expect(await h.storage.offline.count(OWNER)).toBe(1);
      expect(await h.storage.offline.count("nobody@example.com")).toBe(0);
    });

    it("never loses or duplicates a message under concurrent push and takeAll", async () => {
      const ops: Promise<unknown>[] = [];
      const taken: OfflineMessage[][] = [];
      for (let i = 0; i < 60; i++) {
        ops.push(h.storage.offline.push(OWNER, msg(i)));
        if (i % 7 === 3) ops.push(h.storage.offline.takeAll(OWNER).then((t) => taken.push(t)));
      }
      await Promise.all(ops);
      taken.push(await h.storage.offline.takeAll(OWNER));
      const xmls = taken.flat().map((m) => m.xml);
      expect(xmls).toHaveLength(60);
      expect(new Set(xmls).size).toBe(60);
      // Within each batch, arrival order is kept.
      for (const batch of taken) {
        const ids = batch.map((m) => Number(/id="m(\d+)"/.exec(m.xml)![1]));
        expect(ids).toEqual([...ids].sort((a, b) => a - b));
      }
    });

    it("list keeps the queue; remove deletes exactly the listed ids given", async () => {
      const s = h.storage.offline;
      for (let i = 0; i < 4; i++) await s.push(OWNER, msg(i));
      await s.push("romeo@example.net", msg(9));
      const listed = await s.list(OWNER);
      expect(listed.map((m) => m.xml)).toEqual([0, 1, 2, 3].map((i) => msg(i).xml));
      expect(listed[0]!.stamp).toBeInstanceOf(Date);
      expect(new Set(listed.map((m) => m.id)).size).toBe(4);
      expect((await s.list(OWNER)).map((m) => m.id)).toEqual(listed.map((m) => m.id));
      expect(await s.count(OWNER)).toBe(4);
      // Another owner's id, an unknown id and a repeated id remove nothing more.
      const [other] = await s.list("romeo@example.net");
      expect(
        await s.remove(OWNER, [listed[1]!.id, listed[3]!.id, listed[1]!.id, other!.id, "x"]),
      ).toBe(2);
      expect((await s.list(OWNER)).map((m) => m.xml)).toEqual([msg(0).xml, msg(2).xml]);
      expect(await s.count("romeo@example.net")).toBe(1);
      expect(await s.remove(OWNER, [])).toBe(0);
      // A message pushed after list() is kept by a remove of the listed ids.
      await s.push(OWNER, msg(5));
      expect(await s.remove(OWNER, [listed[0]!.id, listed[2]!.id])).toBe(2);
      expect((await s.takeAll(OWNER)).map((m) => m.xml)).toEqual([msg(5).xml]);
      expect(await s.list(OWNER)).toEqual([]);
    });

    it("rejects bad input and stores nothing", async () => {
      const s = h.storage.offline;
      await expect(
        s.push(OWNER, { xml: "<m/>", stamp: new Date(Number.NaN) }),
      ).rejects.toBeInstanceOf(TypeError);
      await expect(
        s.push(OWNER, { xml: "<m/>", stamp: "2024-01-01" as unknown as Date }),
      ).rejects.toBeInstanceOf(TypeError);
      await expect(
        s.push(OWNER, { xml: 42 as unknown as string, stamp: new Date() }),
      ).rejects.toBeInstanceOf(TypeError);
      for (const limit of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        await expect(s.push(OWNER, msg(1), limit)).rejects.toBeInstanceOf(RangeError);
      }
      expect(await s.count(OWNER)).toBe(0);
    });
  });
}
