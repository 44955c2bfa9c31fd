// Small measurement helpers: percentiles, rounding, a process's resident memory, a bounded sleep.
import { readFileSync } from "node:fs";

/** Nearest-rank percentile of an unsorted numeric array (copied and sorted). */
export function percentiles(values, ps) {
  const sorted = Float64Array.from(values).sort();
  const out = {};
  for (const p of ps) {
    out[`p${p}`] =
      sorted.length === 0
        ? null
        : round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
  }
  return out;
}

export const round = (n, digits = 2) => (n === null ? null : Number(n.toFixed(digits)));

/** VmRSS of a process in KB, from /proc/<pid>/status (Linux). */
export function rssKb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]);
}

/** CPU seconds (user+system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may contain spaces) start past the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (proc(5) fields 14, 15)
  return ticks / 100; // USER_HZ is 100 on Linux
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The load generator's own CPU use since `start` (a process.cpuUsage() value), in seconds. */
export function ownCpu(start, wallMs) {
  const used = process.cpuUsage(start);
  const seconds = (used.user + used.system) / 1e6;
  return {
    loadgen_cpu_s: round(seconds),
    loadgen_cpu_pct: round((100 * seconds) / (wallMs / 1000), 1),
  };
}
