// The batched archive writer: one appendMany per event-loop turn, order kept across batches,
// flush/close write what is pending, and a failed batch loses only the messages that fail again.
import { type ArchivedMessage, type ArchiveStore, MemoryStorage } from "@parley/storage";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ArchiveWriter, type ArchiveWriterOptions } from "./archive-writer";

const OWNER = "juliet@example.com";

const msg = (id: string): ArchivedMessage => ({
  id,
  stamp: new Date(Date.UTC(2024, 0, 1)),
  with: "romeo@example.net",
  withResource: "",
  direction: "in",
  xml: `<message><body>${id}</body></message>`,
});

/** A MemoryStorage archive that records calls, and fails appends when told to. */
function recordingStore(failIf: { batch?: boolean; id?: (id: string) => boolean } = {}) {
  const inner = new MemoryStorage().archive!;
  const calls: string[][] = [];
  const store: ArchiveStore = {
    async appendMany(entries) {
      calls.push(entries.map((e) => e.message.id));
      if (failIf.batch || entries.some((e) => failIf.id?.(e.message.id))) {
        throw new Error("disk on fire");
      }
      return inner.appendMany(entries);
    },
    async append(owner, message) {
      calls.push([message.id]);
      if (failIf.id?.(message.id)) throw new Error(`cannot store ${message.id}`);
      return inner.append(owner, message);
    },
    query: (owner, q) => inner.query(owner, q),
    clear: (owner) => inner.clear(owner),
  };
  const stored = async (owner = OWNER) =>
    (await inner.query(owner, { max: 10_000 })).items.map((m) => m.id);
  return { store, calls, stored };
}

function logger() {
  const lines: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  return {
    lines,
    log: {
      warn: (msg: string, fields?: Record<string, unknown>) =>
        lines.push({ level: "warn", msg, fields }),
      error: (msg: string, fields?: Record<string, unknown>) =>
        lines.push({ level: "error", msg, fields }),
    },
  };
}

function writer(store: ArchiveStore, over: Partial<ArchiveWriterOptions> = {}) {
  const { lines, log } = logger();
  let lost = 0;
  const w = new ArchiveWriter(store, {
    maxBatch: 500,
    delayMs: 0,
    log,
    lost: (n) => {
      lost += n;
    },
    ...over,
  });
  return { w, lines, lost: () => lost };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("ArchiveWriter", () => {
  it("writes everything appended during one event-loop turn in one appendMany", async () => {
    const { store, calls, stored } = recordingStore();
    const { w } = writer(store);
    for (let i = 0; i < 100; i++) w.append(OWNER, msg(`m${i}`));
    expect(calls).toEqual([]); // nothing written synchronously
    expect(w.pending).toBe(100);
    await nextTurn();
    await w.flush();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toHaveLength(100);
    expect(await stored()).toEqual(Array.from({ length: 100 }, (_, i) => `m${i}`));
  });

  it("splits at maxBatch and keeps arrival order across batches", async () => {
    const { store, calls, stored } = recordingStore();
    const { w } = writer(store, { maxBatch: 7 });
    for (let i = 0; i < 20; i++) w.append(OWNER, msg(`m${i}`));
    await w.flush();
    expect(calls.map((c) => c.length)).toEqual([7, 7, 6]);
    expect(await stored()).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));
  });

  it("flush() covers everything appended before it, with a delay that has not run out", async () => {
    const { store, stored } = recordingStore();
    const { w } = writer(store, { delayMs: 60_000 });
    w.append(OWNER, msg("a"));
    w.append(OWNER, msg("b"));
    await nextTurn();
    expect(await stored()).toEqual([]); // still collecting
    await w.flush();
    expect(await stored()).toEqual(["a", "b"]);
    expect(w.pending).toBe(0);
  });

  it("after close(), appends are written without waiting for a batch timer", async () => {
    const { store, stored } = recordingStore();
    const { w } = writer(store, { delayMs: 60_000 });
    w.append(OWNER, msg("before"));
    await w.close();
    expect(await stored()).toEqual(["before"]);
    w.append(OWNER, msg("after"));
    await w.flush(); // the write already started; flush only waits for it
    expect(await stored()).toEqual(["before", "after"]);
  });

  it("a failed batch is retried message by message: only the bad one is lost, and logged by id", async () => {
    const { store, stored } = recordingStore({ id: (id) => id === "bad" });
    const { w, lines, lost } = writer(store);
    for (const id of ["m1", "bad", "m2"]) w.append(OWNER, msg(id));
    await w.flush();
    expect(await stored()).toEqual(["m1", "m2"]);
    expect(lines.map((l) => l.level)).toEqual(["warn", "error"]);
    expect(lines[0]!.fields).toMatchObject({ messages: 3, error: "disk on fire" });
    expect(lines[1]!.fields).toEqual({ owner: OWNER, id: "bad", error: "cannot store bad" });
    expect(lost()).toBe(1);
  });

  it("a batch that fails as a whole is written by the retry, nothing lost", async () => {
    const { store, calls, stored } = recordingStore({ batch: true });
    const { w, lines, lost } = writer(store);
    w.append(OWNER, msg("m1"));
    w.append("romeo@example.net", msg("m2"));
    await w.flush();
    expect(calls).toEqual([["m1", "m2"], ["m1"], ["m2"]]);
    expect(await stored()).toEqual(["m1"]);
    expect(await stored("romeo@example.net")).toEqual(["m2"]);
    expect(lines.map((l) => l.level)).toEqual(["warn"]);
    expect(lost()).toBe(0);
  });

  it("logs every lost id when storage is gone, and keeps working afterwards", async () => {
    const storage = new MemoryStorage();
    const { w, lines, lost } = writer(storage.archive!);
    await storage.close();
    w.append(OWNER, msg("x1"));
    w.append(OWNER, msg("x2"));
    await expect(w.flush()).resolves.toBeUndefined(); // never rejects
    expect(lines.filter((l) => l.level === "error").map((l) => l.fields?.id)).toEqual(["x1", "x2"]);
    expect(lost()).toBe(2);
  });

  it("stores every message exactly once in order, whatever the batch size and flush points", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.constantFrom("append", "flush", "turn"), { maxLength: 60 }),
        async (maxBatch, ops) => {
          const { store, calls, stored } = recordingStore();
          const { w } = writer(store, { maxBatch });
          const expected: string[] = [];
          for (const op of ops) {
            if (op === "append") {
              const id = `m${expected.length}`;
              expected.push(id);
              w.append(OWNER, msg(id));
            } else if (op === "flush") await w.flush();
            else await nextTurn();
          }
          await w.flush();
          expect(await stored()).toEqual(expected);
          for (const c of calls) expect(c.length).toBeLessThanOrEqual(maxBatch);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("room(): callers wait while the backlog is above maxBacklog, until it falls to half", async () => {
    const { store, stored } = recordingStore();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const gated: ArchiveStore = {
      ...store,
      appendMany: async (entries) => {
        await gate;
        return store.appendMany(entries);
      },
    };
    const { w } = writer(gated, { maxBacklog: 4 });
    for (let i = 0; i < 4; i++) w.append(OWNER, msg(`m${i}`));
    expect(w.room()).toBeUndefined(); // at the limit, not above it
    w.append(OWNER, msg("m4"));
    let released = false;
    const waiting = w.room()!.then(() => {
      released = true;
    });
    expect(waiting).toBeInstanceOf(Promise);
    expect(w.backlog).toBe(5); // handed to the (blocked) store at once, none written
    await nextTurn();
    await nextTurn();
    expect(released).toBe(false);
    open();
    await waiting;
    expect(w.backlog).toBe(0);
    expect(await stored()).toEqual(["m0", "m1", "m2", "m3", "m4"]);
  });

  it("room() also releases waiters when the writes fail (lost, not stuck)", async () => {
    const storage = new MemoryStorage();
    const { w, lost } = writer(storage.archive!, { maxBacklog: 1 });
    await storage.close();
    w.append(OWNER, msg("x1"));
    w.append(OWNER, msg("x2"));
    await w.room();
    expect(w.backlog).toBe(0);
    expect(lost()).toBe(2);
  });

  it("group commit: what is queued while a batch is written becomes the next batch, whole", async () => {
    const { store, calls, stored } = recordingStore();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let first = true;
    const gated: ArchiveStore = {
      ...store,
      appendMany: async (entries) => {
        if (first) {
          first = false;
          await gate;
        }
        return store.appendMany(entries);
      },
    };
    const { w } = writer(gated);
    w.append(OWNER, msg("a0"));
    await nextTurn(); // a0 is being written (blocked)
    for (let turn = 0; turn < 5; turn++) {
      for (let i = 0; i < 10; i++) w.append(OWNER, msg(`b${turn * 10 + i}`));
      await nextTurn();
    }
    open();
    await w.flush();
    expect(calls.map((c) => c.length)).toEqual([1, 50]);
    expect((await stored()).length).toBe(51);
  });
});
