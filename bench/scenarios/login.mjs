// login: N logins (stream, SASL, bind, initial presence, answered ping) at concurrency K, each
// connection closed once logged in. Variant "plain": PLAIN (RFC 4616) — over plain TCP when the
// target offers it there, else over STARTTLS (run.mjs picks one transport for both targets).
// Variant "scram": SCRAM-SHA-1 (RFC 5802) over STARTTLS; the accounts are logged in once
// untimed first so the load generator's SaltedPassword cache is warm and the timed logins cost
// the client only HMACs (the server never derives: it holds StoredKey/ServerKey).
import { loginMany, userName } from "../lib/pool.mjs";
import { derivations } from "../lib/scram-sha1.mjs";
import { percentiles, round } from "../lib/stats.mjs";

export async function login(target, p) {
  const scram = p.variant === "scram";
  const extra = scram
    ? { mechanism: "SCRAM-SHA-1", starttls: true, roster: false }
    : { mechanism: "PLAIN", starttls: p.plainTransport !== "tcp", roster: false };
  const pool = scram ? Math.min(p.scramPool, p.accounts) : p.accounts;
  const users = Array.from({ length: p.n }, (_, i) => userName("u", i % pool));
  let iterations = target.iterations;
  if (scram) {
    const warm = Array.from({ length: pool }, (_, i) => userName("u", i));
    const w = await loginMany(target, warm, {
      concurrency: p.concurrency,
      extra,
      keep: false,
    });
    if (w.errors.length > 0) throw new Error(`warm-up logins failed: ${w.errors[0]}`);
    iterations = derivations.iterations;
  }
  const derived = derivations.count;
  const started = performance.now();
  const result = await loginMany(target, users, {
    concurrency: p.concurrency,
    extra,
    keep: false,
  });
  const wallMs = performance.now() - started;
  return {
    variant: scram ? "scram-sha1-starttls" : `plain-${extra.starttls ? "starttls" : "tcp"}`,
    n: p.n,
    concurrency: p.concurrency,
    iterations,
    accounts_used: pool,
    logins_per_s: round((result.latencies.length / wallMs) * 1000, 1),
    ...percentiles(result.latencies, [50, 99]),
    errors: result.errors.length,
    first_error: result.errors[0],
    client_pbkdf2_during_timed: derivations.count - derived,
    wall_ms: Math.round(wallMs),
  };
}
