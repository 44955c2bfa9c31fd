// `pnpm bench`: parley-server and Prosody side by side on loopback, the same scenarios against
// both in one run, one JSON line per measurement on stdout, a table with ratios written into
// BENCHMARKS.md. Flags: see bench/README.md or `pnpm bench --help`.
//
// Every scenario runs against a freshly started server with a fresh copy of the same accounts,
// so one scenario's leftovers (memory, rosters) never colour the next. Servers are stopped by PID
// after each step, and also on failure and on SIGINT/SIGTERM.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { makeCertificate } from "./lib/cert.mjs";
import { pristineData as parleyData, startParley, supportsPlainKnob } from "./lib/parley.mjs";
import { ITERATIONS, PASSWORD, parseArgs, plan } from "./lib/plan.mjs";
import { offersPlain, waitForFeatures } from "./lib/probe.mjs";
import {
  freePort,
  hardFileLimit,
  start,
  stop,
  stopAll,
  stopChildrenOnSignals,
} from "./lib/procs.mjs";
import { topSelfTime } from "./lib/profile.mjs";
import {
  PROSODY,
  pristineData as prosodyData,
  prosodyVersion,
  startProsody,
} from "./lib/prosody.mjs";
import { archivingCost, profileMarkdown, table, writeSection } from "./lib/report.mjs";

const root = new URL("../", import.meta.url).pathname;
const work = join(root, "bench/.work");
const log = (line) => process.stderr.write(`[bench] ${line}\n`);

let flags;
try {
  flags = parseArgs(process.argv.slice(2));
} catch (error) {
  console.error(error.message);
  process.exit(2);
}

const { accounts, steps } = plan(flags);
const targets = flags.target === "both" ? ["parley", "prosody"] : [flags.target];
const shellWord = (a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`);
const command = ["pnpm bench", ...process.argv.slice(2).map(shellWord)].join(" ");
const startedAt = new Date();
const load0 = loadavg();
const runDir = join(work, `run-${startedAt.toISOString().replace(/[:.]/g, "-")}`);
const profileDir = join(work, "profiles");
const files = Math.min(hardFileLimit(), 1_048_576);
const results = {};
stopChildrenOnSignals(() => {
  if (!flags.keep) rmSync(runDir, { recursive: true, force: true });
});

function build() {
  if (flags.skipBuild || !targets.includes("parley")) return;
  log("building parley-server (turbo; cached when nothing changed)");
  const r = spawnSync(
    "pnpm",
    ["exec", "turbo", "run", "build", "--filter=parley-server...", "--output-logs=errors-only"],
    { cwd: root, stdio: ["ignore", process.stderr, process.stderr] },
  );
  if (r.status !== 0) throw new Error("building parley-server failed");
}

/** Runs the load generator for one step against one started server; returns its JSON line. */
async function loadgen(step, spec, dir) {
  const input = JSON.stringify({ scenario: step.scenario, target: spec, params: step.params });
  const child = start(process.execPath, [join(root, "bench/loadgen.mjs"), input], {
    files,
    cwd: dir,
    logFile: join(dir, "loadgen.log"),
    pipeStdout: true,
  });
  let out = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (text) => (out += text));
  await child.exited;
  const line = out.trim().split("\n").pop();
  try {
    return JSON.parse(line);
  } catch {
    return {
      bench: "xmpp",
      scenario: step.scenario,
      target: spec.name,
      error: `no result (${line})`,
    };
  }
}

async function runStep(step, name, env) {
  const dir = join(runDir, `${step.label}-${name}`);
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const profiling = flags.profile && name === "parley";
  const profileStarted = Date.now();
  const child =
    name === "parley"
      ? startParley({
          pristine: env.parleyData,
          runDir: dir,
          port,
          iterations: ITERATIONS,
          tls: env.tls,
          plainKnob: env.plainKnob,
          mam: flags.mam || step.params.archiving === true,
          profileDir: profiling ? profileDir : undefined,
          files,
        })
      : startProsody({
          pristine: env.prosodyData,
          runDir: dir,
          port,
          tls: env.tls,
          mam: flags.mam || step.params.archiving === true,
          files,
        });
  let result;
  try {
    const features = await waitForFeatures({
      host: "127.0.0.1",
      port,
      domain: "localhost",
      timeoutMs: 30_000,
      alive: () => child.exitCode === null && child.signalCode === null,
    });
    const spec = {
      name,
      host: "127.0.0.1",
      port,
      domain: "localhost",
      password: PASSWORD,
      pid: child.pid,
      iterations: ITERATIONS,
    };
    if (step.label === "login-plain") step.params.plainTransport = env.plainTransport;
    if (step.label === "login-plain" && env.plainTransport === "tcp" && !offersPlain(features))
      result = {
        bench: "xmpp",
        scenario: "login",
        target: name,
        error: "PLAIN not offered on TCP",
      };
    else result = await loadgen(step, spec, dir);
  } catch (error) {
    result = { bench: "xmpp", scenario: step.scenario, target: name, error: error.message };
  } finally {
    await stop(child);
  }
  result.step = step.label;
  console.log(JSON.stringify(result));
  if (profiling) env.profiles[step.label] = newestProfile(profileStarted);
  return result;
}

function newestProfile(since) {
  const found = readdirSync(profileDir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => ({ f, t: statSync(join(profileDir, f)).mtimeMs }))
    .filter((x) => x.t >= since)
    .sort((a, b) => b.t - a.t);
  return found[0] ? join(profileDir, found[0].f) : null;
}

function header() {
  const load1 = loadavg();
  const la = (l) => l.map((x) => x.toFixed(2)).join(" / ");
  return [
    "## XMPP servers side by side: parley-server vs Prosody",
    "",
    "Command (writes this section; `bench/README.md` explains every scenario and flag):",
    "",
    "```sh",
    command,
    "```",
    "",
    `Run ${startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC, Node ${process.version}, ` +
      `Prosody ${prosodyVersion() ?? "absent"} (epoll, no mod_limits), ${availableParallelism()} cores, ` +
      `load average (1/5/15 min) ${la(load0)} at the start and ${la(load1)} at the end. ` +
      `Both servers on loopback, one fresh server per scenario, ${accounts.toLocaleString("en-US")} identical ` +
      `accounts (SCRAM iteration count ${ITERATIONS} on both), message archiving ${flags.mam ? "on in every step" : "off except in chat-archiving and chat-decay (the default configuration of parley-server, mod_mam in Prosody)"} on both (\`--mam\` turns it on everywhere), one load generator process (its own CPU ` +
      "share is listed: near 100% it, not the server, is the limit). Ratios are parley ÷ prosody.",
    ...(flags.note ? ["", `Note: ${flags.note}`] : []),
  ].join("\n");
}

async function main() {
  if (targets.includes("prosody") && prosodyVersion() === null)
    throw new Error(`${PROSODY} not found (Debian package prosody)`);
  build();
  mkdirSync(runDir, { recursive: true });
  mkdirSync(profileDir, { recursive: true });
  const env = { tls: makeCertificate(runDir), profiles: {} };
  env.plainKnob = targets.includes("parley") && (await supportsPlainKnob(runDir, env.tls));
  env.plainTransport = targets.includes("parley") && !env.plainKnob ? "starttls" : "tcp";
  if (env.plainTransport === "starttls")
    log(
      "parley-server cannot offer PLAIN without TLS (no config key): login-plain uses STARTTLS on both",
    );
  if (targets.includes("parley")) {
    log(
      `parley-server: ${accounts} accounts (users import, cached per build in bench/.work/cache)`,
    );
    const made = await parleyData({
      cacheDir: join(work, "cache"),
      workDir: runDir,
      accounts,
      iterations: ITERATIONS,
      password: PASSWORD,
      tls: env.tls,
    });
    if (made.imported) log(`  ${made.imported.out}`);
    env.parleyData = made.dir;
  }
  if (targets.includes("prosody")) {
    log(`prosody: ${accounts} accounts written into its internal storage`);
    env.prosodyData = await prosodyData({
      dir: join(runDir, "prosody-pristine"),
      accounts,
      iterations: ITERATIONS,
      password: PASSWORD,
    });
  }
  for (const step of steps) {
    if (step.scenario === "idle" && step.params.count + 1000 > files)
      log(`warning: open-files hard limit ${files} is low for ${step.params.count} connections`);
    results[step.label] = {};
    for (const name of targets) {
      log(`${step.label} against ${name}`);
      results[step.label][name] = await runStep(step, name, env);
    }
  }

  const { markdown, verdicts } = table(steps, results);
  const archiving = archivingCost(results);
  if (archiving)
    console.log(JSON.stringify({ bench: "xmpp", name: "archiving-cost", ...archiving.json }));
  console.log(
    JSON.stringify({
      bench: "xmpp",
      name: "verdicts",
      targets: verdicts.map((v) => `${v.step} ${v.metric}: ${v.ok ? "met" : "missed"}`),
    }),
  );
  process.stderr.write(`\n${markdown}\n\n${archiving ? `${archiving.markdown}\n\n` : ""}`);
  const complete = targets.length === 2 && !flags.only && !flags.profile;
  if (complete) {
    writeSection(
      join(root, "BENCHMARKS.md"),
      "table",
      `${header()}\n\n${markdown}${archiving ? `\n\n${archiving.markdown}` : ""}`,
    );
    log("BENCHMARKS.md updated (bench section)");
  } else log("BENCHMARKS.md not updated (only a full run on both targets writes the table)");

  if (flags.profile) writeProfiles(env.profiles);
}

/** Prints the top 15 self-time functions of each profiled step; BENCHMARKS.md gets chat's. */
function writeProfiles(files) {
  const labels = Object.keys(files);
  if (labels.length === 0) throw new Error("no .cpuprofile was written");
  let chosen = null;
  for (const label of labels) {
    if (!files[label]) throw new Error(`no .cpuprofile was written for ${label}`);
    const profile = topSelfTime(files[label], { root, limit: 15 });
    console.log(
      JSON.stringify({
        bench: "xmpp",
        name: "profile",
        step: label,
        file: files[label].slice(root.length),
        ...profile,
      }),
    );
    if (!chosen || label === "chat") chosen = { label, profile };
  }
  const r = results[chosen.label]?.parley ?? {};
  const figures =
    chosen.label === "chat"
      ? `${r.messages_per_s ?? "?"} messages/s while profiled, p99 ${r.p99 ?? "?"} ms`
      : "profiled step";
  const md = profileMarkdown(
    chosen.profile,
    [
      `### CPU profile of parley-server under the ${chosen.label} scenario`,
      "",
      "```sh",
      command,
      "```",
      "",
      `Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC with \`node --cpu-prof\` ` +
        `(${figures}); the .cpuprofile files land in \`bench/.work/profiles/\` (open them in ` +
        "Chrome DevTools or speedscope).",
      ...(flags.note ? ["", `Note: ${flags.note}`] : []),
    ].join("\n"),
  );
  process.stderr.write(`\n${md}\n\n`);
  writeSection(join(root, "BENCHMARKS.md"), "profile", md);
  log("BENCHMARKS.md updated (profile part)");
}

let code = 0;
try {
  await main();
} catch (error) {
  log(`failed: ${error.message}`);
  code = 1;
} finally {
  await stopAll();
  if (!flags.keep) rmSync(runDir, { recursive: true, force: true });
  else log(`kept ${runDir.slice(root.length)}`);
}
process.exit(code);
