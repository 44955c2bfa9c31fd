#!/usr/bin/env node
// Runs every package's tests through turbo, then prints one closing line `N passed, N failed`
// built from each package's vitest JSON report. A package whose tests did not produce a report
// (crash, missing dependency) counts as one failure, so nothing is silently skipped.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const groups = ["packages", "apps"];
// Folders that are a package themselves (third-party interop tests).
const singles = ["interop"];

function packagesWithTests() {
  const found = [];
  for (const group of groups) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const manifest = join(dir, name, "package.json");
      if (!existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, "utf8"));
      if (pkg.scripts?.test) found.push({ dir: join(dir, name), name: pkg.name });
    }
  }
  for (const single of singles) {
    const manifest = join(root, single, "package.json");
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, "utf8"));
    if (pkg.scripts?.test) found.push({ dir: join(root, single), name: pkg.name });
  }
  return found;
}

const packages = packagesWithTests();
for (const p of packages) rmSync(join(p.dir, ".test-results.json"), { force: true });

const args = [
  "exec",
  "turbo",
  "run",
  "test",
  "--continue",
  "--output-logs=new-only",
  ...process.argv.slice(2),
];
const run = spawnSync("pnpm", args, {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", TURBO_NO_UPDATE_NOTIFIER: "1" },
});

let passed = 0;
let failed = 0;
const problems = [];
for (const p of packages) {
  const file = join(p.dir, ".test-results.json");
  if (!existsSync(file)) {
    failed += 1;
    problems.push(`${p.name}: no test report (the test run crashed or did not start)`);
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests ?? 0;
  if ((report.numTotalTests ?? 0) === 0) {
    failed += 1;
    problems.push(`${p.name}: has a test script but no tests`);
  }
  const f = (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0);
  failed += f;
  if (f > 0)
    problems.push(
      `${p.name}: ${report.numFailedTests} failed tests, ${report.numFailedTestSuites} failed files`,
    );
  const pending = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  if (pending > 0) {
    failed += pending;
    problems.push(`${p.name}: ${pending} skipped or todo tests (not allowed)`);
  }
}
if (run.status !== 0 && failed === 0) {
  failed += 1;
  problems.push(`turbo exited with status ${run.status}`);
}
for (const line of problems) console.log(`FAIL ${line}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
