import { Session } from "node:inspector";
import { performance } from "node:perf_hooks";
import { getHeapStatistics } from "node:v8";
import type { Logger } from "@parley/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startMemorySettler } from "./memory-settle";

afterEach(() => {
  vi.restoreAllMocks();
});

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

/**
 * Records the settler's checks: each interval it measures the event loop over the interval
 * (`eventLoopUtilization(now, last)`), then reads the heap, and starts a settle (an inspector
 * session) at once if it decides to. A quiet check with a grown heap is the moment a settle
 * would have started; the tests wait for one instead of sleeping, then look whether it did.
 */
function watchChecks(): {
  checks: { quiet: boolean; heap: number }[];
  settles: () => number;
} {
  const checks: { quiet: boolean; heap: number }[] = [];
  const measure = performance.eventLoopUtilization.bind(performance);
  vi.spyOn(performance, "eventLoopUtilization").mockImplementation((a, b) => {
    const elu = measure(a, b);
    if (a !== undefined) {
      checks.push({ quiet: elu.utilization < 0.1, heap: getHeapStatistics().total_heap_size });
    }
    return elu;
  });
  const connect = vi.spyOn(Session.prototype, "connect");
  return { checks, settles: () => connect.mock.calls.length };
}

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
      await vi.waitFor(() =>
        expect(log.lines.some((l) => l.startsWith("memory settle:"))).toBe(true),
      );
      const line = log.lines.find((l) => l.startsWith("memory settle:"));
      expect(line).toMatch(/^memory settle: heap [\d.]+ → [\d.]+ MB in \d+ ms$/);
      expect(getHeapStatistics().total_heap_size).toBeLessThan(grown - 12 * 1048576);
    } finally {
      settler?.stop();
    }
  });

  it("leaves heaps above maxHeapBytes to V8", async () => {
    const log = recordingLogger();
    const { checks, settles } = watchChecks();
    const baseline = getHeapStatistics().total_heap_size;
    const settler = await startMemorySettler(log, {
      intervalMs: 50,
      growth: 0,
      minGrowthBytes: 1048576,
      maxHeapBytes: baseline,
    });
    try {
      const burst = growOldGeneration(16);
      burst.release();
      // A quiet check with the heap grown past the bound: without the bound it would settle.
      const from = checks.length;
      await vi.waitFor(() =>
        expect(checks.slice(from).some((c) => c.quiet && c.heap >= baseline + 1048576)).toBe(true),
      );
      expect(settles()).toBe(0);
      expect(log.lines.filter((l) => l.startsWith("memory settle:"))).toEqual([]);
    } finally {
      settler?.stop();
    }
  });

  it("does not settle while the heap has not grown", async () => {
    const log = recordingLogger();
    const { checks, settles } = watchChecks();
    const settler = await startMemorySettler(log, { intervalMs: 50 });
    try {
      await settler?.settle();
      log.lines.length = 0;
      const before = settles();
      // Quiet checks after that settle: the heap alone keeps the settler from settling again.
      const from = checks.length;
      await vi.waitFor(() => expect(checks.slice(from).filter((c) => c.quiet).length).toBe(3));
      expect(settles()).toBe(before);
      expect(log.lines.filter((l) => l.startsWith("memory settle:"))).toEqual([]);
    } finally {
      settler?.stop();
    }
  });
});
