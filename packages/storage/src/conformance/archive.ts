// Conformance: ArchiveStore (XEP-0313 archives, XEP-0059 paging). Only for backends that have one.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ArchiveIdExistsError, ArchiveItemNotFoundError, StorageClosedError } from "../errors";
import type { ArchivedMessage, ArchiveQuery, ArchiveStore } from "../types";
import type { Harness } from "./harness";

const OWNER = "juliet@example.com";
const T0 = Date.UTC(2024, 0, 2, 3, 4, 5, 6);

function msg(i: number, over: Partial<ArchivedMessage> = {}): ArchivedMessage {
  return {
    id: `id-${i}`,
    stamp: new Date(T0 + i * 1000),
    with: i % 2 === 0 ? "romeo@example.net" : "nurse@example.com",
    withResource: i % 4 === 0 ? "orchard" : "",
    direction: i % 3 === 0 ? "out" : "in",
    xml: `<message xmlns="jabber:client" id="m${i}"><body>${i}</body></message>`,
    ...over,
  };
}

const ids = (page: { items: ArchivedMessage[] }) => page.items.map((m) => m.id);

export function archiveTests(h: Harness): void {
  const store = (): ArchiveStore => {
    const a = h.storage.archive;
    if (!a) throw new Error("conformance: this storage has no archive");
    return a;
  };
  const fill = async (n: number, owner = OWNER) => {
    for (let i = 0; i < n; i++) await store().append(owner, msg(i));
  };

  describe("archive", () => {
    it("round-trips every field (stamps to the millisecond) in arrival order", async () => {
      const odd = msg(7, {
        xml: `<message xmlns="jabber:client"><body>caf\u00e9 \u{1F600} &lt;&amp;${"x".repeat(70_000)}</body></message>`,
        stamp: new Date("2024-02-29T23:59:59.123Z"),
      });
      await store().append(OWNER, msg(1, { stamp: new Date("2024-02-29T23:59:58.001Z") }));
      await store().append(OWNER, odd);
      const page = await store().query(OWNER, { max: 10 });
      expect(page.items).toHaveLength(2);
      expect(page.items[1]).toEqual(odd);
      expect(page.items[1]!.stamp).toBeInstanceOf(Date);
      expect(page.items[0]!.stamp.toISOString()).toBe("2024-02-29T23:59:58.001Z");
      expect(page).toMatchObject({ count: 2, index: 0, complete: true });
    });

    it("raises a stamp earlier than the newest one, so archive order stays arrival order", async () => {
      await store().append(OWNER, msg(5));
      await store().append(OWNER, msg(1)); // the clock stepped back
      await store().append(OWNER, msg(9));
      const page = await store().query(OWNER, { max: 10 });
      expect(ids(page)).toEqual(["id-5", "id-1", "id-9"]);
      expect(page.items.map((m) => m.stamp.getTime())).toEqual([T0 + 5000, T0 + 5000, T0 + 9000]);
      // A time range is contiguous in archive order.
      const range = await store().query(OWNER, {
        max: 10,
        start: new Date(T0 + 5000),
        end: new Date(T0 + 5000),
      });
      expect(ids(range)).toEqual(["id-5", "id-1"]);
    });

    it("refuses a reused id within one owner's archive, not across owners", async () => {
      await store().append(OWNER, msg(1));
      await expect(store().append(OWNER, msg(1, { xml: "<other/>" }))).rejects.toBeInstanceOf(
        ArchiveIdExistsError,
      );
      await store().append("romeo@example.net", msg(1));
      expect((await store().query(OWNER, { max: 10 })).count).toBe(1);
    });

    it("does not keep references to the caller's objects", async () => {
      const m = msg(1);
      await store().append(OWNER, m);
      m.stamp.setTime(0);
      m.xml = "<changed/>";
      const [got] = (await store().query(OWNER, { max: 1 })).items;
      expect(got!.stamp.getTime()).toBe(T0 + 1000);
      expect(got!.xml).toBe(msg(1).xml);
      got!.stamp.setTime(0);
      expect((await store().query(OWNER, { max: 1 })).items[0]!.stamp.getTime()).toBe(T0 + 1000);
    });

    it("filters by bare with, by full with, and by inclusive start/end", async () => {
      await fill(12);
      const romeo = await store().query(OWNER, { max: 100, with: "romeo@example.net" });
      expect(ids(romeo)).toEqual([0, 2, 4, 6, 8, 10].map((i) => `id-${i}`));
      const orchard = await store().query(OWNER, {
        max: 100,
        with: "romeo@example.net",
        withResource: "orchard",
      });
      expect(ids(orchard)).toEqual(["id-0", "id-4", "id-8"]);
      const range = await store().query(OWNER, {
        max: 100,
        start: new Date(T0 + 3000),
        end: new Date(T0 + 6000),
      });
      expect(ids(range)).toEqual(["id-3", "id-4", "id-5", "id-6"]);
      const none = await store().query(OWNER, { max: 100, with: "nobody@example.com" });
      expect(none).toEqual({ items: [], count: 0, index: undefined, complete: true });
    });

    it("afterId / beforeId bound the result set; ids picks items", async () => {
      await fill(10);
      const between = await store().query(OWNER, { max: 100, afterId: "id-2", beforeId: "id-6" });
      expect(ids(between)).toEqual(["id-3", "id-4", "id-5"]);
      expect(between.count).toBe(3);
      const picked = await store().query(OWNER, { max: 100, ids: ["id-7", "id-1"] });
      expect(ids(picked)).toEqual(["id-1", "id-7"]);
      const inverted = await store().query(OWNER, { max: 100, afterId: "id-6", beforeId: "id-2" });
      expect(inverted.items).toEqual([]);
    });

    it("pages forwards with after, backwards with before, and from the end with last", async () => {
      await fill(10);
      const p1 = await store().query(OWNER, { max: 4 });
      expect(ids(p1)).toEqual(["id-0", "id-1", "id-2", "id-3"]);
      expect(p1).toMatchObject({ count: 10, index: 0, complete: false });
      const p3 = await store().query(OWNER, { max: 4, after: "id-7" });
      expect(ids(p3)).toEqual(["id-8", "id-9"]);
      expect(p3).toMatchObject({ count: 10, index: 8, complete: true });
      const lastPage = await store().query(OWNER, { max: 4, last: true });
      expect(ids(lastPage)).toEqual(["id-6", "id-7", "id-8", "id-9"]);
      expect(lastPage).toMatchObject({ index: 6, complete: false });
      const back = await store().query(OWNER, { max: 4, before: "id-2" });
      expect(ids(back)).toEqual(["id-0", "id-1"]);
      expect(back).toMatchObject({ index: 0, complete: true });
      const exact = await store().query(OWNER, { max: 4, after: "id-5" });
      expect(exact.complete).toBe(true);
    });

    it("max 0 counts without items", async () => {
      await fill(5);
      expect(await store().query(OWNER, { max: 0, with: "romeo@example.net" })).toEqual({
        items: [],
        count: 3,
        index: undefined,
        complete: false,
      });
    });

    it("answers ArchiveItemNotFoundError for any unknown id, even another owner's", async () => {
      await fill(3);
      await store().append("romeo@example.net", msg(50));
      const unknown: ArchiveQuery[] = [
        { max: 5, afterId: "nope" },
        { max: 5, beforeId: "nope" },
        { max: 5, ids: ["id-1", "nope"] },
        { max: 5, after: "nope" },
        { max: 5, before: "id-50" },
      ];
      for (const q of unknown) {
        await expect(store().query(OWNER, q)).rejects.toBeInstanceOf(ArchiveItemNotFoundError);
      }
    });

    it("keeps owners apart; clear() and account deletion remove an archive", async () => {
      await fill(3);
      await fill(2, "romeo@example.net");
      expect((await store().query("romeo@example.net", { max: 10 })).count).toBe(2);
      expect(await store().clear("romeo@example.net")).toBe(2);
      expect((await store().query("romeo@example.net", { max: 10 })).count).toBe(0);
      await h.storage.accounts.create(OWNER, {});
      await h.storage.accounts.delete(OWNER);
      expect((await store().query(OWNER, { max: 10 })).count).toBe(0);
    });

    it("appendMany writes all in order, or nothing when one id is taken", async () => {
      expect(
        await store().appendMany([
          { owner: OWNER, message: msg(1) },
          { owner: "romeo@example.net", message: msg(1) },
          { owner: OWNER, message: msg(2) },
        ]),
      ).toBe(3);
      await expect(
        store().appendMany([
          { owner: OWNER, message: msg(3) },
          { owner: OWNER, message: msg(1) },
        ]),
      ).rejects.toBeInstanceOf(ArchiveIdExistsError);
      await expect(
        store().appendMany([
          { owner: OWNER, message: msg(4) },
          { owner: OWNER, message: msg(4) },
        ]),
      ).rejects.toBeInstanceOf(ArchiveIdExistsError);
      expect(ids(await store().query(OWNER, { max: 10 }))).toEqual(["id-1", "id-2"]);
    });

    it("rejects bad input and stores nothing", async () => {
      const bad: Partial<ArchivedMessage>[] = [
        { id: "" },
        { id: 5 as unknown as string },
        { stamp: new Date(Number.NaN) },
        { stamp: "2024-01-01" as unknown as Date },
        { with: undefined as unknown as string },
        { withResource: null as unknown as string },
        { direction: "sideways" as "in" },
        { xml: 1 as unknown as string },
      ];
      for (const over of bad) {
        await expect(store().append(OWNER, msg(1, over))).rejects.toBeInstanceOf(TypeError);
      }
      await expect(
        store().appendMany([{ owner: OWNER, message: msg(2, { id: "" }) }]),
      ).rejects.toBeInstanceOf(TypeError);
      expect((await store().query(OWNER, { max: 10 })).count).toBe(0);
      for (const max of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        await expect(store().query(OWNER, { max })).rejects.toBeInstanceOf(RangeError);
      }
      await expect(
        store().query(OWNER, { max: 1, start: new Date(Number.NaN) }),
      ).rejects.toBeInstanceOf(TypeError);
      await expect(store().query(OWNER, { max: 1, withResource: "x" })).rejects.toBeInstanceOf(
        TypeError,
      );
      await expect(
        store().query(OWNER, { max: 1, ids: "id-1" as unknown as string[] }),
      ).rejects.toBeInstanceOf(TypeError);
    });

    it("rejects every call with StorageClosedError once closed", async () => {
      await h.storage.close();
      const calls = [
        () => store().append(OWNER, msg(1)),
        () => store().appendMany([{ owner: OWNER, message: msg(1) }]),
        () => store().query(OWNER, { max: 1 }),
        () => store().clear(OWNER),
      ];
      for (const call of calls) await expect(call()).rejects.toBeInstanceOf(StorageClosedError);
    });

    it("paging forwards or backwards through any filter yields exactly the filtered set (property)", async () => {
      const withs = ["a@x", "b@x", "c@y"];
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 40 })), {
            maxLength: 40,
          }),
          fc.record({
            with: fc.option(fc.constantFrom(...withs), { nil: undefined }),
            start: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
            end: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
          }),
          fc.integer({ min: 1, max: 7 }),
          async (rows, f, max) => {
            const owner = `p${Math.random().toString(36).slice(2)}@x`;
            // Reference model: stamps raised to the running maximum, order kept.
            let newest = 0;
            const model = rows.map(([w, t], i) => {
              newest = Math.max(newest, t);
              return { id: `i${i}`, with: withs[w]!, t: newest };
            });
            for (const [i, [w, t]] of rows.entries()) {
              await store().append(
                owner,
                msg(i, { id: `i${i}`, with: withs[w]!, stamp: new Date(t) }),
              );
            }
            const expected = model
              .filter(
                (m) =>
                  (f.with === undefined || m.with === f.with) &&
                  (f.start === undefined || m.t >= f.start) &&
                  (f.end === undefined || m.t <= f.end),
              )
              .map((m) => m.id);
            const base: ArchiveQuery = {
              max,
              with: f.with,
              start: f.start === undefined ? undefined : new Date(f.start),
              end: f.end === undefined ? undefined : new Date(f.end),
            };
            const forward: string[] = [];
            for (let after: string | undefined, guard = 0; guard < 100; guard++) {
              const page = await store().query(owner, { ...base, after });
              expect(page.count).toBe(expected.length);
              if (page.items.length > 0) expect(page.index).toBe(forward.length);
              forward.push(...ids(page));
              if (page.complete) break;
              after = page.items.at(-1)!.id;
            }
            expect(forward).toEqual(expected);
            const backward: string[] = [];
            for (let before: string | undefined, guard = 0; guard < 100; guard++) {
              const page = await store().query(owner, { ...base, before, last: true });
              backward.unshift(...ids(page));
              if (page.complete) break;
              before = page.items[0]!.id;
            }
            expect(backward).toEqual(expected);
          },
        ),
        { numRuns: 60 },
      );
    });
  });
}
