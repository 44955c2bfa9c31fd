// Logs in many connections with at most `concurrency` negotiations in flight.
import { Conn } from "./xmpp.mjs";

/**
 * Connection options for `user` on the target. Scenario connections (idle, chat, fanout, soak) use
 * SCRAM-SHA-1 over plain TCP and fetch their roster, like a client would; the server's cost per
 * SCRAM login is a few hashes, and traffic stays unencrypted on both servers alike.
 */
export function connOptions(target, user, extra = {}) {
  return {
    host: target.host,
    port: target.port,
    domain: target.domain,
    user,
    password: target.password,
    resource: "bench",
    mechanism: "SCRAM-SHA-1",
    starttls: false,
    roster: true,
    timeoutMs: 30_000,
    ...extra,
  };
}

/**
 * Logs in users[0..n) and returns the connections that made it, each login's latency (ms) and
 * the errors. `setup(conn, i)` runs before login (to attach onData early).
 */
export async function loginMany(target, users, { concurrency, extra, setup, keep = true }) {
  const conns = new Array(users.length).fill(null);
  const latencies = [];
  const errors = [];
  let next = 0;
  const worker = async () => {
    while (next < users.length) {
      const i = next++;
      const conn = new Conn(connOptions(target, users[i], extra));
      setup?.(conn, i);
      const started = performance.now();
      try {
        await conn.login();
        latencies.push(performance.now() - started);
        if (keep) conns[i] = conn;
        else conn.close();
      } catch (error) {
        errors.push(`${users[i]}: ${error.message}`);
        conn.destroy();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, users.length) }, worker));
  return { conns, latencies, errors };
}

export const userName = (prefix, i) => `${prefix}${i}`;
