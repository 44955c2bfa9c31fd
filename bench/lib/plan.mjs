// Flags of `pnpm bench` and the size of every scenario in the full and the --quick run.

export const SCENARIOS = ["login", "idle", "chat", "fanout", "soak"];
export const PASSWORD = "bench-Passw0rd";
export const ITERATIONS = 4096; // RFC 7677 §4 floor, the same for both servers

const full = {
  login: { n: 2000, concurrency: 50, scramPool: 100 },
  idle: { counts: [1000, 10_000], concurrency: 100, settleMs: 2000 },
  chat: { pairs: 200, window: 10, warmupMs: 5000, seconds: 30 },
  fanout: { contacts: 1000, window: 4, warmupMs: 2000, seconds: 20 },
  soak: { pairs: 50, window: 100, rate: 1000, seconds: 600, sampleMs: 30_000 },
  // --long: chat with archiving on for 5 minutes, delivered/s per 10 s slice.
  decay: { pairs: 50, window: 10, warmupMs: 2000, seconds: 300, sliceMs: 10_000 },
};

const quick = {
  login: { n: 300, concurrency: 30, scramPool: 30 },
  idle: { counts: [1000], concurrency: 100, settleMs: 1000 },
  chat: { pairs: 50, window: 10, warmupMs: 2000, seconds: 10 },
  fanout: { contacts: 100, window: 4, warmupMs: 1000, seconds: 5 },
  soak: { pairs: 20, window: 100, rate: 500, seconds: 30, sampleMs: 5000 },
  decay: { pairs: 50, window: 10, warmupMs: 2000, seconds: 60, sliceMs: 5000 },
};

const USAGE = `usage: pnpm bench [--quick] [--only login,idle,chat,fanout,soak] [--target parley|prosody|both]
                  [--profile] [--soak-seconds N] [--note TEXT] [--mam] [--long] [--skip-build] [--keep]
  --quick         small counts and short durations (whole run in about 5 minutes)
  --only LIST     run only these scenarios (comma-separated)
  --target WHO    parley, prosody or both (default both)
  --profile       CPU-profile parley-server under the chat scenario and print the top 15
                  self-time functions (alone: only chat, only parley)
  --soak-seconds  soak duration (default 600, 30 with --quick)
  --note TEXT     a line printed under the table (e.g. "machine shared with other jobs")
  --mam           message archiving on in both servers (parley mod-mam, Prosody mod_mam) in every
                  step (chat always runs a second time with archiving on: chat-archiving)
  --long          add the decay check: chat with archiving on for 300 s (60 s with --quick),
                  delivered/s per 10 s (5 s) slice (step chat-decay)
  --skip-build    do not run the turbo build of parley-server first
  --keep          keep bench/.work/run-* (configs, data, server logs) after the run`;

export function parseArgs(argv) {
  const flags = {
    quick: false,
    only: null,
    target: "both",
    profile: false,
    soakSeconds: null,
    skipBuild: false,
    keep: false,
    note: null,
    mam: false,
    long: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === "--quick") flags.quick = true;
    else if (a === "--only") flags.only = value().split(",");
    else if (a === "--target") flags.target = value();
    else if (a === "--profile") flags.profile = true;
    else if (a === "--soak-seconds") flags.soakSeconds = Number(value());
    else if (a === "--skip-build") flags.skipBuild = true;
    else if (a === "--keep") flags.keep = true;
    else if (a === "--note") flags.note = value();
    else if (a === "--mam") flags.mam = true;
    else if (a === "--long") flags.long = true;
    else if (a === "--help" || a === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown flag ${a}\n${USAGE}`);
  }
  if (!["parley", "prosody", "both"].includes(flags.target))
    throw new Error(`--target must be parley, prosody or both\n${USAGE}`);
  for (const s of flags.only ?? [])
    if (!SCENARIOS.includes(s)) throw new Error(`unknown scenario ${s}\n${USAGE}`);
  if (flags.soakSeconds !== null && !(flags.soakSeconds > 0))
    throw new Error("--soak-seconds must be a positive number");
  // --profile alone profiles parley under chat; with --only/--target it follows them.
  if (flags.profile && !flags.only) flags.only = ["chat"];
  if (flags.profile && flags.target === "both" && !argv.includes("--target"))
    flags.target = "parley";
  return flags;
}

const stepDefaults = {
  concurrency: 50,
  drainMs: 15_000,
  setupTimeoutMs: 60_000,
  maxPerSide: 10_000_000,
  maxPresences: 1_000_000,
};

/** Parameters per scenario, with the bounds (deadlines, drains) derived from the durations. */
export function plan(flags) {
  const base = structuredClone(flags.quick ? quick : full);
  if (flags.soakSeconds) base.soak.seconds = flags.soakSeconds;
  const scenarios = flags.only ?? SCENARIOS;
  const accounts = Math.max(
    scenarios.includes("idle") ? Math.max(...base.idle.counts) : 0,
    scenarios.includes("chat") ? base.chat.pairs * 2 : 0,
    flags.long ? base.decay.pairs * 2 : 0,
    scenarios.includes("fanout") ? base.fanout.contacts + 1 : 0,
    scenarios.includes("soak") ? base.soak.pairs * 2 : 0,
    scenarios.includes("login") ? base.login.scramPool : 0,
    1000,
  );
  const steps = [];
  for (const scenario of scenarios) {
    const p = base[scenario];
    if (scenario === "chat" && !flags.mam) {
      // The default configuration archives (XEP-0313): chat runs with archiving off (as Prosody
      // 0.12's default) and again with it on in both servers.
      steps.push({ scenario, label: "chat", params: { ...stepDefaults, ...p } });
      steps.push({
        scenario,
        label: "chat-archiving",
        params: { ...stepDefaults, ...p, archiving: true },
      });
      continue;
    }
    if (scenario === "login") {
      for (const variant of ["plain", "scram"])
        steps.push({ scenario, label: `login-${variant}`, params: { ...p, variant, accounts } });
    } else if (scenario === "idle") {
      for (const count of p.counts)
        steps.push({ scenario, label: `idle-${count}`, params: { ...p, count } });
    } else {
      steps.push({
        scenario,
        label: scenario,
        params: { ...stepDefaults, ...p },
      });
    }
  }
  if (flags.long)
    steps.push({
      scenario: "chat",
      label: "chat-decay",
      params: { ...stepDefaults, ...base.decay, archiving: true },
    });
  for (const step of steps) {
    // The load generator's hard stop: setup allowance plus every timed phase of the step.
    const p = step.params;
    const timed = (p.warmupMs ?? 0) + (p.seconds ?? 0) * 1000 + (p.drainMs ?? 0);
    p.deadlineMs = timed + 180_000;
  }
  return { accounts, steps, base };
}
