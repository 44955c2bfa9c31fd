import { getHeapStatistics } from "node:v8";
import type { Logger } from "@parley/server";
import { describe, expect, it } from "vitest";
import { startMemorySettler } from "./memory-settle";

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (m: string) => {
    lines.push(m);
  };
  return { lines, debug: keep, info: keep, warn: keep, error: keep };
}

/** Grows the old generation with objects that stay reachable until `release` is called. */
function growOldGeneration(megabytes: number): { release: () => void } {
  let held: object[] | null = [];
  const target = getHeapStatistics().total_heap_size + megabytes * 1048576;
  while (getHeapStatistics().total_heap_size < target) {
    for (let i = 0; i < 10_000; i++) held.push({ i, text: `entry ${i}`, list: [i, i + 1] });
  }
  return {
    release: () => {
      held = null;
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("memory settler", () => {
  it("is off with PARLEY_MEMORY_SETTLE=off", async () => {
    const settler = await startMemorySettler(
      recordingLogger(),
      {},
      { PARLEY_MEMORY_SETTLE: "off" },
    );
    expect(settler).toBeNull();
  });

  it("gives back the heap a burst grew into once the event loop is quiet", async () => {
    const log = recordingLogger();
    const settler = await startMemorySettler(log, { intervalMs: 100, minGrowthBytes: 1048576 });
    expect(settler).not.toBeNull();
    try {
      const burst = growOldGeneration(24);
      const grown = getHeapStatistics().total_heap_size;
      burst.release();
      for (let i = 0; i < 50 && !log.lines.some((l) => l.startsWith("memory settle:")); i++) {
        await sleep(100);
      }
      const line = log.lines.find((l) => l.startsWith("memory settle:"));
      expect(line).toMatch(/^memory settle: heap [\d.]+ → [\d.]+ MB in \d+ ms$/);
      expect(getHeapStatistics().total_heap_size).toBeLessThan(grown - 12 * 1048576);
    } finally {
      settler?.stop();
    }
  });

  it("leaves heaps above maxHeapBytes to V8", async () => {
    const log = recordingLogger();
    const settler = await startMemorySettler(log, {
      intervalMs: 50,
      minGrowthBytes: 1048576,
      maxHeapBytes: getHeapStatistics().total_heap_size,
    });
    try {
      const burst = growOldGeneration(16);
      burst.release();
      await sleep(500);
      expect(log.lines.filter((l) => l.startsWith("memory settle:"))).toEqual([]);
    } finally {
      settler?.stop();
    }
  });

  it("does not settle while the heap has not grown", async () => {
    const log = recordingLogger();
    const settler = await startMemorySettler(log, { intervalMs: 50 });
    await settler?.settle();
    log.lines.length = 0;
    await sleep(400);
    settler?.stop();
    expect(log.lines.filter((l) => l.startsWith("memory settle:"))).toEqual([]);
  });
});
