#!/usr/bin/env node
// Keeps the machine busy on purpose, to check that the test suite holds under load:
// `node scripts/busy.mjs [workers] [seconds]` starts `workers` child processes (default: one per
// core) that each spin the CPU for `seconds` (default 3600), then exit by themselves. It prints
// its own PID and the children's, one `busy: pid N` line each, and ends when they have ended.
// SIGINT/SIGTERM to this process stops the children at once; a child whose parent died stops
// within a second. Example: `node scripts/busy.mjs & .ci/run; kill $!`.
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";

const MAX_SECONDS = 24 * 3600;

/** One busy child: spins until its time is up or its parent is gone (checked every 100 ms). */
const CHILD = `
const end = Date.now() + Number(process.argv[1]) * 1000;
const parent = process.ppid;
let x = 0;
for (let check = Date.now(); Date.now() < end; ) {
  for (let i = 0; i < 100000; i++) x = (x * 31 + i) % 1000003;
  if (Date.now() - check > 100) {
    check = Date.now();
    if (process.ppid !== parent) break;
  }
}
`;

function positiveInt(text, fallback, name, max) {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    console.error(`busy: ${name} must be an integer from 1 to ${max}, got ${text}`);
    console.error("usage: node scripts/busy.mjs [workers] [seconds]");
    process.exit(2);
  }
  return n;
}

const cores = availableParallelism();
const workers = positiveInt(process.argv[2], cores, "workers", 4 * cores);
const seconds = positiveInt(process.argv[3], 3600, "seconds", MAX_SECONDS);

console.log(`busy: pid ${process.pid} (parent), ${workers} workers for ${seconds} s`);
const children = [];
for (let i = 0; i < workers; i++) {
  const child = spawn(process.execPath, ["-e", CHILD, String(seconds)], { stdio: "ignore" });
  children.push(child);
  console.log(`busy: pid ${child.pid}`);
}

const stop = () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
// A last bound, should a child not end by itself.
setTimeout(stop, (seconds + 10) * 1000).unref();

await Promise.all(children.map((child) => new Promise((resolve) => child.once("exit", resolve))));
console.log("busy: done");
