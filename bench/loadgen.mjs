// The load generator: runs ONE scenario against ONE server and prints one JSON line on stdout.
// run.mjs spawns it once per scenario and target; it can also be run by hand:
//
//   node bench/loadgen.mjs '{"scenario":"chat","target":{...},"params":{...}}'
//
// target: { name, host, port, domain, password, pid, iterations }. It reports its own CPU time
// (process.cpuUsage) so a saturated load generator shows up next to the figures. Every scenario
// is bounded in count and time; a hard deadline (params.deadlineMs) ends the process regardless.
import { chat } from "./scenarios/chat.mjs";
import { fanout } from "./scenarios/fanout.mjs";
import { idle } from "./scenarios/idle.mjs";
import { login } from "./scenarios/login.mjs";
import { soak } from "./scenarios/soak.mjs";
import { ownCpu } from "./lib/stats.mjs";

const scenarios = { login, idle, chat, fanout, soak };
const { scenario, target, params } = JSON.parse(process.argv[2] ?? "{}");
const run = scenarios[scenario];
if (!run) {
  console.error(`unknown scenario ${scenario}; one of ${Object.keys(scenarios).join(", ")}`);
  process.exit(2);
}

const deadline = setTimeout(() => {
  console.log(JSON.stringify({ bench: "xmpp", scenario, target: target.name, error: "deadline" }));
  process.exit(1);
}, params.deadlineMs ?? 600_000);
deadline.unref();

const cpu = process.cpuUsage();
const started = performance.now();
try {
  const result = await run(target, params);
  const wallMs = performance.now() - started;
  console.log(
    JSON.stringify({
      bench: "xmpp",
      scenario,
      target: target.name,
      ...result,
      ...ownCpu(cpu, wallMs),
    }),
  );
  process.exit(0);
} catch (error) {
  console.log(
    JSON.stringify({ bench: "xmpp", scenario, target: target.name, error: error.message }),
  );
  process.exit(1);
}
