// The side-by-side table (parley / prosody ratios) and its place in BENCHMARKS.md: the part between
// `<!-- bench:start -->` and `<!-- bench:end -->` belongs to bench/run.mjs; inside it, the table
// and the profile have sub-markers so a --profile run replaces only the profile part.
import { readFileSync, writeFileSync } from "node:fs";

const fmt = (v) =>
  v === null || v === undefined
    ? "—"
    : typeof v === "number"
      ? v.toLocaleString("en-US", { maximumFractionDigits: v >= 100 ? 0 : 2 })
      : String(v);

/**
 * Rows per step label: [metric, key or getter, target description, check(ratio, parley)].
 * Ratios are parley ÷ prosody; the target column says which way is good.
 */
const ROWS = {
  "login-scram": [
    ["logins/s", "logins_per_s"],
    ["p50 latency ms", "p50"],
    ["p99 latency ms", "p99"],
    ["errors", "errors", "0", (_r, a, b) => a === 0 && b === 0],
    ["load generator CPU %", "loadgen_cpu_pct"],
  ],
  login: [
    ["logins/s", "logins_per_s", "≥ 1×", (r) => r >= 1],
    ["p50 latency ms", "p50"],
    ["p99 latency ms", "p99"],
    ["errors", "errors", "0", (_r, a, b) => a === 0 && b === 0],
    ["load generator CPU %", "loadgen_cpu_pct"],
  ],
  idle: [
    ["KB per connection", "kb_per_connection", "≤ 0.33×", (r) => r <= 1 / 3],
    ["RSS after, MB", (x) => (x.rss_after_kb === undefined ? null : x.rss_after_kb / 1024)],
    ["connections held", "held"],
  ],
  chat: [
    ["messages/s", "messages_per_s", "≥ 2×", (r) => r >= 2],
    ["p50 latency ms", "p50"],
    ["p95 latency ms", "p95"],
    ["p99 latency ms", "p99", "≤ 1×", (r) => r <= 1],
    ["lost", "lost", "0", (_r, a, b) => a === 0 && b === 0],
    ["messages per socket read", "messages_per_read"],
    ["server CPU %", "server_cpu_pct"],
    ["load generator CPU %", "loadgen_cpu_pct"],
  ],
  "chat-archiving": [
    ["messages/s", "messages_per_s"],
    ["p50 latency ms", "p50"],
    ["p99 latency ms", "p99"],
    ["lost", "lost", "0", (_r, a, b) => a === 0 && b === 0],
    ["server CPU %", "server_cpu_pct"],
    ["load generator CPU %", "loadgen_cpu_pct"],
  ],
  "chat-decay": [
    ["messages/s", "messages_per_s"],
    ["messages/s per slice", (x) => x.slices_per_s?.map((v) => fmt(v)).join(" ")],
    ["last ÷ first slice", "last_to_first_slice"],
    ["p99 latency ms", "p99"],
    ["lost", "lost", "0", (_r, a, b) => a === 0 && b === 0],
  ],
  fanout: [
    ["deliveries/s", "deliveries_per_s"],
    ["p99 latency ms", "p99"],
    ["lost", "lost", "0", (_r, a, b) => a === 0 && b === 0],
    ["deliveries per socket read", "deliveries_per_read"],
    ["server CPU %", "server_cpu_pct"],
    ["load generator CPU %", "loadgen_cpu_pct"],
  ],
  soak: [
    ["messages/s", "messages_per_s"],
    [
      "p99 ms, first → last sample",
      (x) =>
        x.p99_first_sample !== undefined
          ? `${fmt(x.p99_first_sample)} → ${fmt(x.p99_last_sample)}`
          : null,
    ],
    ["p99 latency ms (whole run)", "p99"],
    ["RSS growth %", "rss_growth_pct"],
    ["lost", "lost", "0", (_r, a, b) => a === 0 && b === 0],
  ],
};

function title(step, r) {
  const p = step.params;
  const x = r.parley ?? r.prosody ?? {};
  switch (step.label.split("-")[0]) {
    case "login":
      return p.variant === "scram"
        ? `login SCRAM-SHA-1 over STARTTLS (i=${x.iterations ?? "?"}), N=${p.n}, K=${p.concurrency}`
        : `login PLAIN over ${p.plainTransport === "tcp" ? "plain TCP" : "STARTTLS"} (i=${x.iterations ?? "?"}), N=${p.n}, K=${p.concurrency}`;
    case "idle":
      return `idle ${p.count.toLocaleString("en-US")} connections`;
    case "chat":
      return `chat ${p.pairs} pairs, window ${p.window}, ${p.seconds} s${
        step.label === "chat-archiving"
          ? ", archiving on"
          : step.label === "chat-decay"
            ? `, archiving on, ${p.sliceMs / 1000} s slices`
            : ""
      }`;
    case "fanout":
      return `fanout presence to ${p.contacts} contacts, window ${p.window}, ${p.seconds} s`;
    case "soak":
      return `soak ${p.pairs} pairs at ${p.rate} msg/s, ${p.seconds} s`;
    default:
      return step.label;
  }
}

const value = (x, key) =>
  x === undefined || x.error ? null : typeof key === "function" ? key(x) : x[key];

/** Markdown table and a list of [target, met] pairs. */
export function table(steps, results) {
  const lines = [
    "| scenario | metric | parley | prosody | parley/prosody | target | met |",
    "| --- | --- | ---: | ---: | ---: | ---: | :---: |",
  ];
  const verdicts = [];
  for (const step of steps) {
    const r = results[step.label] ?? {};
    const errs = ["parley", "prosody"].filter((t) => r[t]?.error).map((t) => `${t}: ${r[t].error}`);
    let first = true;
    for (const [metric, key, target, check] of ROWS[step.label] ?? ROWS[step.scenario]) {
      const a = value(r.parley, key);
      const b = value(r.prosody, key);
      const ratio = typeof a === "number" && typeof b === "number" && b !== 0 ? a / b : null;
      let met = "";
      if (check && a !== null && b !== null) {
        const ok = check(ratio, a, b);
        met = ok ? "yes" : "**no**";
        verdicts.push({ step: step.label, metric, ok });
      }
      const name = first ? title(step, r) : "";
      first = false;
      lines.push(
        `| ${name} | ${metric} | ${fmt(a)} | ${fmt(b)} | ${ratio === null ? "—" : `${ratio.toFixed(2)}×`} | ${target ?? ""} | ${met} |`,
      );
    }
    if (errs.length > 0)
      lines.push(`| | error | ${errs.join("; ").replaceAll("|", "/")} | | | | |`);
  }
  return { markdown: lines.join("\n"), verdicts };
}

export function profileMarkdown(profile, header) {
  const lines = [
    header,
    "",
    `Busy ${profile.busy_ms} ms, idle ${profile.idle_ms} ms. Top 15 by self time:`,
    "",
    "| # | function | where | self ms | % of busy |",
    "| ---: | --- | --- | ---: | ---: |",
  ];
  profile.top.forEach((e, i) => {
    lines.push(
      `| ${i + 1} | \`${e.function}\` | ${e.where ? `\`${e.where}\`` : ""} | ${e.self_ms} | ${e.pct_busy} |`,
    );
  });
  return lines.join("\n");
}

function replaceBetween(text, start, end, body) {
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) return null;
  return `${text.slice(0, a + start.length)}\n${body}\n${text.slice(b)}`;
}

/** Replaces the table part (or the profile part) of the bench section, creating it if needed. */
export function writeSection(file, part, body) {
  let text = readFileSync(file, "utf8");
  if (!text.includes("<!-- bench:start -->")) {
    text = `${text.trimEnd()}\n\n<!-- bench:start -->\n<!-- bench:table:start -->\n<!-- bench:table:end -->\n\n<!-- bench:profile:start -->\n<!-- bench:profile:end -->\n<!-- bench:end -->\n`;
  }
  const next = replaceBetween(
    text,
    `<!-- bench:${part}:start -->`,
    `<!-- bench:${part}:end -->`,
    body,
  );
  if (next === null) throw new Error(`${file}: markers for ${part} are missing or out of order`);
  writeFileSync(file, next);
}

/**
 * What archiving costs each server: chat with archiving off (step chat) and on (chat-archiving,
 * parley-server's default configuration). Target for parley: on ≥ 0.5× off, p99 on ≤ 2× off.
 */
export function archivingCost(results) {
  const off = results.chat;
  const on = results["chat-archiving"];
  if (!off || !on) return null;
  const lines = [
    "Archiving on (the default configuration) against off, chat as above:",
    "",
    "| server | messages/s off | on | on ÷ off | p99 ms off | on | on ÷ off | target |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  const json = {};
  for (const t of ["parley", "prosody"]) {
    const a = off[t];
    const b = on[t];
    if (!a || !b || a.error || b.error) continue;
    const rate = a.messages_per_s ? b.messages_per_s / a.messages_per_s : null;
    const p99 = a.p99 ? b.p99 / a.p99 : null;
    json[t] = { off: a.messages_per_s, on: b.messages_per_s, ratio: rate, p99_ratio: p99 };
    const target = t === "parley" ? "≥ 0.5×, p99 ≤ 2×" : "";
    lines.push(
      `| ${t} | ${fmt(a.messages_per_s)} | ${fmt(b.messages_per_s)} | ${rate === null ? "—" : `${rate.toFixed(2)}×`} | ${fmt(a.p99)} | ${fmt(b.p99)} | ${p99 === null ? "—" : `${p99.toFixed(2)}×`} | ${target} |`,
    );
  }
  return { markdown: lines.join("\n"), json };
}
