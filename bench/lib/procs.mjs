// Child processes of a bench run: spawned through `sh -c 'ulimit -n …; exec …'` (so the PID we
// hold is the program's own and its file-descriptor limit is raised for 10,000 connections),
// tracked, and stopped by PID — also when the run fails or is interrupted.
import { execFileSync, spawn } from "node:child_process";
import { openSync, closeSync } from "node:fs";
import { createServer } from "node:net";

const live = new Set();
let interrupted = false;

/** The hard limit on open files in a fresh shell (what `ulimit -n` may be raised to). */
export function hardFileLimit() {
  const out = execFileSync("sh", ["-c", "ulimit -Hn"], { encoding: "utf8" }).trim();
  return out === "unlimited" ? 1_048_576 : Number(out);
}

const quote = (s) => `'${String(s).replaceAll("'", "'\\''")}'`;

/**
 * Starts `command args` with the open-files limit raised to `files` (capped at the hard limit).
 * stdout/stderr go to `logFile` unless `pipeStdout` (then stdout is readable on the child).
 */
export function start(command, args, { files, logFile, env, cwd, pipeStdout = false }) {
  if (interrupted) throw new Error("interrupted: not starting anything more");
  const limit = Math.min(files, hardFileLimit());
  const script = `ulimit -n ${limit} 2>/dev/null; exec ${[command, ...args].map(quote).join(" ")}`;
  const fd = openSync(logFile, "a");
  const child = spawn("sh", ["-c", script], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", pipeStdout ? "pipe" : fd, fd],
  });
  closeSync(fd);
  live.add(child);
  child.exited = new Promise((resolve) => {
    child.once("exit", (code, signal) => {
      live.delete(child);
      resolve(code ?? signal);
    });
  });
  return child;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stop(child, graceMs = 10_000) {
  if (!live.has(child)) return child.exited;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  const result = await child.exited;
  clearTimeout(timer);
  return result;
}

/** Kills every child still running (used on failure and on SIGINT/SIGTERM). */
export async function stopAll() {
  await Promise.all([...live].map((child) => stop(child, 3000)));
}

/** On SIGINT/SIGTERM: stop every child by PID, run `cleanup`, then exit with 130. */
export function stopChildrenOnSignals(cleanup = () => {}) {
  const onSignal = (signal) => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`\n${signal}: stopping the servers\n`);
    stopAll()
      .then(cleanup)
      .catch((error) => process.stderr.write(`cleanup failed: ${error}\n`))
      .finally(() => process.exit(130));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
