// Where an idle connection's memory goes: starts parley-server (and/or Prosody) like `pnpm bench`
// does, logs in N connections that then stay idle, follows the server's RSS once a second, and
// splits the growth by kind of mapping (bench/lib/smaps.mjs). Not part of `pnpm test`.
//
//   node bench/idle-memory.mjs [--count 1000] [--seconds 6] [--target parley|prosody|both]
//                                [--accounts N]
//
// Needs the parley-server build (`pnpm turbo run build --filter=parley-server...`). Extra
// environment for parley-server (e.g. PARLEY_MEMORY_SETTLE=off) passes through.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { makeCertificate } from "./lib/cert.mjs";
import { pristineData as parleyData, startParley, supportsPlainKnob } from "./lib/parley.mjs";
import { ITERATIONS, PASSWORD } from "./lib/plan.mjs";
import { loginMany, userName } from "./lib/pool.mjs";
import { waitForFeatures } from "./lib/probe.mjs";
import { freePort, hardFileLimit, stop, stopAll, stopChildrenOnSignals } from "./lib/procs.mjs";
import { pristineData as prosodyData, prosodyVersion, startProsody } from "./lib/prosody.mjs";
import { KINDS, smapsKinds } from "./lib/smaps.mjs";
import { rssKb, sleep } from "./lib/stats.mjs";

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : args[i + 1];
};
const count = Number(flag("--count", "1000"));
const seconds = Number(flag("--seconds", "6"));
const which = flag("--target", "parley");
// The full `pnpm bench` run keeps 10,000 accounts for every step: --accounts 10000 mirrors it.
const accounts = Number(flag("--accounts", String(count)));
const whole = (n) => Number.isInteger(n) && n >= 1;
if (
  !whole(count) ||
  !whole(seconds) ||
  !whole(accounts) ||
  accounts < count ||
  !["parley", "prosody", "both"].includes(which)
) {
  console.error(
    "usage: node bench/idle-memory.mjs [--count N] [--accounts N ≥ count] [--seconds S]\n" +
      "                               [--target parley|prosody|both]",
  );
  process.exit(2);
}
const targets = which === "both" ? ["parley", "prosody"] : [which];
const root = new URL("../", import.meta.url).pathname;
const work = join(root, "bench/.work");
const runDir = join(work, `memory-${new Date().toISOString().replace(/[:.]/g, "-")}`);
const files = Math.min(hardFileLimit(), 1_048_576);
stopChildrenOnSignals(() => rmSync(runDir, { recursive: true, force: true }));

async function measure(name, env) {
  const dir = join(runDir, name);
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child =
    name === "parley"
      ? startParley({
          ...env,
          pristine: env.parleyData,
          runDir: dir,
          port,
          iterations: ITERATIONS,
          files,
        })
      : startProsody({ pristine: env.prosodyData, runDir: dir, port, tls: env.tls, files });
  try {
    await waitForFeatures({
      host: "127.0.0.1",
      port,
      domain: "localhost",
      timeoutMs: 30_000,
      alive: () => child.exitCode === null,
    });
    await sleep(1000);
    const before = smapsKinds(child.pid);
    const target = { host: "127.0.0.1", port, domain: "localhost", password: PASSWORD };
    const users = Array.from({ length: count }, (_, i) => userName("u", i));
    const { conns, errors } = await loginMany(target, users, { concurrency: 100, extra: {} });
    const timeline = [];
    for (let s = 0; s < seconds; s++) {
      await sleep(1000);
      timeline.push(rssKb(child.pid));
    }
    const after = smapsKinds(child.pid);
    const held = conns.filter((c) => c && !c.closed).length;
    for (const c of conns) c?.close();
    return { name, held, errors: errors.length, before, after, timeline };
  } finally {
    await stop(child);
  }
}

function report(r) {
  const lines = [
    `${r.name}: ${r.held} connections held, ${r.errors} errors; RSS once a second after the logins (KiB): ${r.timeline.join(" ")}`,
    "",
    "| kind | before KiB | after KiB | KiB per connection |",
    "| --- | ---: | ---: | ---: |",
  ];
  let b = 0;
  let a = 0;
  for (const [kind, label] of Object.entries(KINDS)) {
    b += r.before[kind];
    a += r.after[kind];
    lines.push(
      `| ${label} | ${r.before[kind]} | ${r.after[kind]} | ${((r.after[kind] - r.before[kind]) / r.held).toFixed(2)} |`,
    );
  }
  lines.push(`| **all** | ${b} | ${a} | **${((a - b) / r.held).toFixed(2)}** |`);
  return lines.join("\n");
}

let code = 0;
try {
  mkdirSync(runDir, { recursive: true });
  const tls = makeCertificate(runDir);
  const env = { tls, plainKnob: false, mam: false };
  if (targets.includes("parley")) {
    env.plainKnob = await supportsPlainKnob(runDir, tls);
    const made = await parleyData({
      cacheDir: join(work, "cache"),
      workDir: runDir,
      accounts,
      iterations: ITERATIONS,
      password: PASSWORD,
      tls,
    });
    env.parleyData = made.dir;
  }
  if (targets.includes("prosody")) {
    if (prosodyVersion() === null) throw new Error("prosody not found (Debian package prosody)");
    env.prosodyData = await prosodyData({
      dir: join(runDir, "prosody-pristine"),
      accounts,
      iterations: ITERATIONS,
      password: PASSWORD,
    });
  }
  for (const name of targets) console.log(`${report(await measure(name, env))}\n`);
} catch (error) {
  console.error(`idle-memory: ${error.message}`);
  code = 1;
} finally {
  await stopAll();
  rmSync(runDir, { recursive: true, force: true });
}
process.exit(code);
