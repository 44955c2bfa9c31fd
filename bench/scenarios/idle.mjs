// idle: hold N authenticated, available connections (one account each) and read the server's
// VmRSS before and after → KB per connection. Each count in p.counts gets a fresh server (run.mjs
// restarts it), so "before" is a server that has only started.
import { loginMany, userName } from "../lib/pool.mjs";
import { round, rssKb, sleep } from "../lib/stats.mjs";

export async function idle(target, p) {
  const n = p.count;
  await sleep(p.settleMs);
  const before = rssKb(target.pid);
  const users = Array.from({ length: n }, (_, i) => userName("u", i));
  const started = performance.now();
  const { conns, errors } = await loginMany(target, users, {
    concurrency: p.concurrency,
    extra: {},
  });
  const loginMs = performance.now() - started;
  // Servers settle (deferred frees, GC) after a burst; sample a few times and keep the last.
  const samples = [];
  for (let i = 0; i < 3; i++) {
    await sleep(p.settleMs);
    samples.push(rssKb(target.pid));
  }
  const after = samples[samples.length - 1];
  const held = conns.filter((c) => c && !c.closed).length;
  for (const c of conns) c?.close();
  return {
    connections: n,
    held,
    errors: errors.length,
    first_error: errors[0],
    rss_before_kb: before,
    rss_after_kb: after,
    rss_samples_kb: samples,
    kb_per_connection: round((after - before) / Math.max(1, held), 2),
    login_ms: Math.round(loginMs),
  };
}
