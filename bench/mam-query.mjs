// XEP-0313 archive queries on SQLite with a large archive: fills an archive with --messages
// messages (default 1,000,000) spread over --users accounts and 50 contacts each, in one
// transaction per --batch messages, then measures the store's query latency for the pages a
// MAM client asks for: the latest page, the latest page with one contact, a one-hour time range,
// and deep forward paging (RSM <after/> at a random old message). Each query also computes the
// RSM <count/> and <first index/>, as mod-mam sends them.
//
//   pnpm --filter @parley/storage-sqlite... build && node bench/mam-query.mjs [--messages 1000000] [--users 5] [--runs 200]
//
// One JSON line per measurement (latencies in ms: p50, p95, mean over --runs queries).
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const { openSqliteStorage } = await import(
  new URL("../packages/storage-sqlite/dist/index.js", import.meta.url).href
);

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const total = option("messages", 1_000_000);
const users = option("users", 5);
const batch = option("batch", 20_000);
const runs = option("runs", 200);
const pageSize = option("max", 50);
const CONTACTS = 50;
const T0 = Date.UTC(2024, 0, 1);
const STEP_MS = 30_000; // one message every 30 s per archive row

// Deterministic pseudo-random numbers so runs compare.
let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return seed / 2 ** 32;
};
const pick = (n) => Math.floor(random() * n);
const owner = (u) => `user${u}@bench.example`;
const contact = (c) => `contact${c}@elsewhere.example`;
// Each user talks with all 50 contacts.
const contactOf = (i) => Math.floor(i / users) % CONTACTS;
const idOf = (i) => `m${i.toString(36).padStart(8, "0")}x${((i * 2654435761) >>> 0).toString(36)}`;

const dir = mkdtempSync(join(tmpdir(), "parley-mam-bench-"));
const storage = openSqliteStorage({ dataDir: dir });
const line = (o) =>
  console.log(JSON.stringify({ bench: "mam-query", node: process.version, ...o }));

try {
  const started = performance.now();
  for (let from = 0; from < total; from += batch) {
    const entries = [];
    for (let i = from; i < Math.min(total, from + batch); i++) {
      const c = contactOf(i);
      const out = i % 3 === 0;
      entries.push({
        owner: owner(i % users),
        message: {
          id: idOf(i),
          stamp: new Date(T0 + i * STEP_MS),
          with: contact(c),
          withResource: out ? "" : "phone",
          direction: out ? "out" : "in",
          xml: `<message xmlns="jabber:client" from="${out ? owner(i % users) : contact(c)}/phone" to="${out ? contact(c) : owner(i % users)}" type="chat" id="${idOf(i)}"><body>Message number ${i} of the benchmark conversation, about eighty characters long.</body></message>`,
        },
      });
    }
    await storage.archive.appendMany(entries);
  }
  const fillMs = performance.now() - started;
  const dbBytes = statSync(join(dir, "parley.sqlite")).size;
  line({
    name: "fill",
    messages: total,
    users,
    batch,
    ms: Math.round(fillMs),
    rows_per_s: Math.round(total / (fillMs / 1000)),
    db_mb: Number((dbBytes / 1e6).toFixed(1)),
  });

  const measure = async (name, makeQuery) => {
    const times = [];
    let items = 0;
    for (let r = 0; r < runs + 10; r++) {
      const [u, q] = makeQuery();
      const t = performance.now();
      const page = await storage.archive.query(owner(u), q);
      const ms = performance.now() - t;
      if (r >= 10) times.push(ms); // 10 warm-up queries
      items += page.items.length;
    }
    times.sort((a, b) => a - b);
    const at = (p) =>
      Number(times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(3));
    const mean = Number((times.reduce((a, b) => a + b, 0) / times.length).toFixed(3));
    line({
      name,
      runs,
      max: pageSize,
      p50_ms: at(0.5),
      p95_ms: at(0.95),
      mean_ms: mean,
      avg_items: Math.round(items / (runs + 10)),
    });
  };

  const perUser = Math.floor(total / users);
  const messageOf = (u) => u + users * pick(perUser); // a message index that belongs to user u
  await measure("latest-page", () => [pick(users), { max: pageSize, last: true }]);
  await measure("latest-page-with", () => [
    pick(users),
    { max: pageSize, last: true, with: contact(pick(CONTACTS)) },
  ]);
  await measure("time-range-1h", () => {
    const u = pick(users);
    const start = T0 + messageOf(u) * STEP_MS;
    return [u, { max: pageSize, start: new Date(start), end: new Date(start + 3_600_000) }];
  });
  await measure("deep-after-id", () => {
    const u = pick(users);
    // An old message in the first tenth of the archive: the following page.
    const i = u + users * pick(Math.floor(perUser / 10));
    return [u, { max: pageSize, after: idOf(i) }];
  });
  await measure("deep-after-id-with", () => {
    const u = pick(users);
    const i = u + users * pick(Math.floor(perUser / 10));
    return [u, { max: pageSize, after: idOf(i), with: contact(contactOf(i)) }];
  });
} finally {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
}
