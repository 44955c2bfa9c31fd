// soak: P pairs chat at a fixed total rate for S seconds. Every sample interval: delivered/s,
// p50/p99 latency of that interval and the server's VmRSS, so drift is visible; at the end every
// message must have arrived. A full window (server falling behind) skips sends and counts them.
import { ChatPairs } from "../lib/chat-pairs.mjs";
import { percentiles, round, rssKb, sleep } from "../lib/stats.mjs";

const TICK_MS = 10;

export async function soak(target, p) {
  const pairs = new ChatPairs({ window: p.window });
  await pairs.connect(target, p.pairs, p.concurrency);
  const perSidePerMs = p.rate / (p.pairs * 2) / 1000;
  let credit = 0;
  let skipped = 0;
  let last = performance.now();
  const sides = pairs.sides;
  const tick = setInterval(() => {
    const now = performance.now();
    credit += perSidePerMs * (now - last);
    last = now;
    const whole = Math.floor(credit);
    if (whole === 0) return;
    credit -= whole;
    for (const side of sides) skipped += whole - pairs.sendSome(side, whole);
  }, TICK_MS);

  const samples = [];
  const started = performance.now();
  const rss0 = rssKb(target.pid);
  pairs.recording = true;
  let from = 0;
  let delivered0 = 0;
  let t0 = started;
  try {
    const count = Math.max(1, Math.round((p.seconds * 1000) / p.sampleMs));
    for (let k = 1; k <= count; k++) {
      await sleep(Math.max(0, started + (k * p.seconds * 1000) / count - performance.now()));
      const now = performance.now();
      const window = pairs.latencies.slice(from);
      from = pairs.latencies.length;
      samples.push({
        t_s: round((now - started) / 1000, 1),
        per_s: Math.round(((pairs.delivered - delivered0) / (now - t0)) * 1000),
        ...percentiles(window, [50, 99]),
        rss_kb: rssKb(target.pid),
      });
      delivered0 = pairs.delivered;
      t0 = now;
    }
  } finally {
    clearInterval(tick);
  }
  pairs.recording = false;
  const wallMs = performance.now() - started;
  const drained = await pairs.drain(p.drainMs);
  pairs.close();
  const firstP99 = samples[0]?.p99 ?? null;
  const lastP99 = samples[samples.length - 1]?.p99 ?? null;
  // Growth is measured from the first sample (after the first interval's warm-up) to the last.
  const rssFirst = samples[0]?.rss_kb ?? rss0;
  const rssEnd = samples[samples.length - 1]?.rss_kb ?? rss0;
  return {
    pairs: p.pairs,
    rate_target: p.rate,
    seconds: round(wallMs / 1000, 1),
    messages_per_s: Math.round((pairs.deliveredRecorded / wallMs) * 1000),
    ...percentiles(pairs.latencies, [50, 99]),
    p99_first_sample: firstP99,
    p99_last_sample: lastP99,
    rss_start_kb: rss0,
    rss_first_sample_kb: rssFirst,
    rss_end_kb: rssEnd,
    rss_growth_pct: round((100 * (rssEnd - rssFirst)) / rssFirst, 1),
    sent: pairs.sent,
    delivered: pairs.delivered,
    lost: pairs.sent - pairs.delivered,
    skipped_window_full: skipped,
    drained,
    samples,
  };
}
