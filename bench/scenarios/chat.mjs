// chat: P pairs exchange one-to-one messages to full JIDs as fast as the server delivers them,
// each direction with at most W messages in flight. After a warm-up, D seconds are measured
// (delivered/s, latency percentiles); then sending stops and every message must arrive.
// With `sliceMs` (the --long decay check) it also reports delivered/s per slice of the measured
// time, so a rate that falls as the server's data grows shows up.
import { ChatPairs } from "../lib/chat-pairs.mjs";
import { cpuSeconds, percentiles, round, sleep } from "../lib/stats.mjs";

export async function chat(target, p) {
  const pairs = new ChatPairs({ window: p.window });
  await pairs.connect(target, p.pairs, p.concurrency);
  pairs.startSaturating(p.maxPerSide);
  await sleep(p.warmupMs);
  const cpu0 = cpuSeconds(target.pid);
  const start = performance.now();
  pairs.recording = true;
  const slices = [];
  let sliced = { at: start, delivered: pairs.deliveredRecorded };
  const slicer = p.sliceMs
    ? setInterval(() => {
        const now = performance.now();
        const got = pairs.deliveredRecorded - sliced.delivered;
        slices.push(Math.round((got / (now - sliced.at)) * 1000));
        sliced = { at: now, delivered: pairs.deliveredRecorded };
      }, p.sliceMs)
    : undefined;
  await sleep(p.seconds * 1000);
  clearInterval(slicer);
  pairs.recording = false;
  const measuredMs = performance.now() - start;
  const serverCpu = cpuSeconds(target.pid) - cpu0;
  pairs.stop();
  const drained = await pairs.drain(p.drainMs);
  const dropped = pairs.sides.filter((s) => s.conn.closed).length;
  pairs.close();
  return {
    pairs: p.pairs,
    window: p.window,
    seconds: round(measuredMs / 1000, 1),
    messages_per_s: Math.round((pairs.deliveredRecorded / measuredMs) * 1000),
    ...percentiles(pairs.latencies, [50, 95, 99]),
    sent: pairs.sent,
    delivered: pairs.delivered,
    lost: pairs.sent - pairs.delivered,
    out_of_order: pairs.outOfOrder,
    drained,
    connections_dropped: dropped,
    messages_per_read: round(pairs.deliveredRecorded / Math.max(1, pairs.reads), 2),
    server_cpu_pct: round((100 * serverCpu) / (measuredMs / 1000), 1),
    ...(p.sliceMs
      ? {
          slice_s: p.sliceMs / 1000,
          slices_per_s: slices,
          last_to_first_slice: slices.length > 1 ? round(slices.at(-1) / slices[0], 2) : null,
        }
      : {}),
  };
}
