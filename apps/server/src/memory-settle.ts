// After a burst (a wave of logins, a large roster push) V8 keeps the old-generation pages it grew
// into, each holding a few long-lived session objects among the burst's dead ones. V8's memory
// reducer would compact them once allocation slows down, but in Node 20 it does not start on its
// own here (measured: no memory-reducing GC within 45 s after 1,000 logins), so an idle server kept
// 6-12 MB it does not use. A plain full GC (`--expose-gc`'s `gc()`) frees the dead objects but does
// not compact, so RSS stays; V8's low-memory GC does compact, and the in-process inspector's
// `HeapProfiler.collectGarbage` is the public way to ask for it.
//
// The settler checks once per interval: when the event loop was quiet for the whole interval and
// V8's committed heap grew by a quarter (at least 4 MB) since the last settle, it asks for that GC.
// It never runs while the server is busy, and its pause (tens of milliseconds for a heap of tens of
// MB) happens only after the heap grew. The low-memory GC is a full, non-incremental collection,
// so above `maxHeapBytes` (default 256 MB committed) the settler leaves the heap to V8: a pause
// there would be long, and a burst's slack is a small share of such a heap.
// PARLEY_MEMORY_SETTLE=off turns it off.
import { performance } from "node:perf_hooks";
import { getHeapStatistics } from "node:v8";
import type { Logger } from "@parley/server";

export interface MemorySettleOptions {
  /** How often the settler looks (ms). */
  intervalMs?: number;
  /** Event-loop utilization (0–1) below which an interval counts as quiet. */
  quietBelow?: number;
  /** Committed heap growth since the last settle that makes a settle worth it (fraction, bytes). */
  growth?: number;
  minGrowthBytes?: number;
  /** Committed heap above which the settler does nothing (bytes). */
  maxHeapBytes?: number;
}

export interface MemorySettler {
  /** One low-memory GC now (used right after start-up); resolves when it is done. */
  settle(): Promise<void>;
  stop(): void;
}

type CollectGarbage = () => Promise<void>;

/** A low-memory GC through an in-process inspector session, or null without an inspector. */
async function lowMemoryGc(log: Logger): Promise<CollectGarbage | null> {
  let inspector: typeof import("node:inspector");
  try {
    inspector = await import("node:inspector");
  } catch (error) {
    // Node built without the inspector (ERR_INSPECTOR_NOT_AVAILABLE): nothing to settle with.
    log.debug(`memory settle off: ${(error as Error).message}`);
    return null;
  }
  return () =>
    new Promise<void>((resolve) => {
      const session = new inspector.Session();
      try {
        session.connect();
      } catch (error) {
        log.debug(`memory settle skipped: ${(error as Error).message}`);
        resolve();
        return;
      }
      session.post("HeapProfiler.collectGarbage", (error) => {
        if (error) log.debug(`memory settle failed: ${error.message}`);
        // Disconnecting inside the response callback deadlocks Node 20's inspector: leave it first.
        setImmediate(() => {
          session.disconnect();
          resolve();
        });
      });
    });
}

export async function startMemorySettler(
  log: Logger,
  options: MemorySettleOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<MemorySettler | null> {
  if (env.PARLEY_MEMORY_SETTLE === "off") return null;
  const collect = await lowMemoryGc(log);
  if (!collect) return null;
  const intervalMs = options.intervalMs ?? 1000;
  const quietBelow = options.quietBelow ?? 0.1;
  const growth = options.growth ?? 0.25;
  const minGrowthBytes = options.minGrowthBytes ?? 4 * 1024 * 1024;
  const maxHeapBytes = options.maxHeapBytes ?? 256 * 1024 * 1024;

  let baseline = getHeapStatistics().total_heap_size;
  let running = false;
  const settle = async () => {
    if (running) return;
    running = true;
    try {
      const before = getHeapStatistics().total_heap_size;
      const started = performance.now();
      await collect();
      baseline = getHeapStatistics().total_heap_size;
      log.debug(
        `memory settle: heap ${mb(before)} → ${mb(baseline)} MB in ${Math.round(performance.now() - started)} ms`,
      );
    } finally {
      running = false;
    }
  };

  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const quiet = performance.eventLoopUtilization(now, last).utilization < quietBelow;
    last = now;
    const committed = getHeapStatistics().total_heap_size;
    const grown = committed - baseline >= Math.max(minGrowthBytes, baseline * growth);
    if (quiet && grown && committed <= maxHeapBytes) {
      settle().catch((error: unknown) => log.warn(`memory settle failed: ${String(error)}`));
    }
  }, intervalMs);
  timer.unref();
  return { settle, stop: () => clearInterval(timer) };
}

const mb = (bytes: number) => (bytes / 1048576).toFixed(1);
