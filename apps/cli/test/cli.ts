// Spawning the CLI bundle in tests. Every child is tracked and killed by killAll() (afterEach).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
}

const children = new Set<ChildProcess>();
const home = mkdtempSync(join(tmpdir(), "parley-cli-home-"));

/** Environment without any PARLEY_* of the machine, and a HOME without a config file. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith("PARLEY_") && k !== "XDG_CONFIG_HOME" && v !== undefined) env[k] = v;
  }
  env.HOME = home;
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

/** A running CLI process with its output so far. */
export class Running {
  stdout = "";
  stderr = "";
  readonly exited: Promise<number | null>;
  /** The process ended and its output streams are closed. */
  closed = false;

  constructor(readonly child: ChildProcess) {
    child.once("close", () => {
      this.closed = true;
    });
    child.stdout?.on("data", (d: Buffer) => {
      this.stdout += d.toString();
    });
    child.stderr?.on("data", (d: Buffer) => {
      this.stderr += d.toString();
    });
    this.exited = new Promise((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code) => resolve(code));
    });
  }

  write(text: string): void {
    this.child.stdin?.write(text);
  }

  endInput(): void {
    this.child.stdin?.end();
  }

  /**
   * Waits until stdout (or stderr) matches, checking on each chunk received; fails with what was
   * printed when the process ends (its output all read) or after `ms`, a bound for busy machines.
   */
  waitFor(
    pattern: RegExp,
    stream: "stdout" | "stderr" = "stdout",
    ms = 20_000,
  ): Promise<RegExpMatchArray> {
    const source = stream === "stdout" ? this.child.stdout : this.child.stderr;
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = this[stream].match(pattern);
        if (!m) return false;
        stop();
        resolve(m);
        return true;
      };
      const fail = (why: string) => {
        stop();
        reject(
          new Error(
            `no ${pattern} in ${stream} (${why}); stdout:\n${this.stdout}\nstderr:\n${this.stderr}`,
          ),
        );
      };
      const onData = () => void check();
      const onClose = () => check() || fail("the process ended");
      const timer = setTimeout(() => fail(`not within ${ms} ms`), ms);
      const stop = () => {
        clearTimeout(timer);
        source?.off("data", onData);
        this.child.off("close", onClose);
      };
      // Registered after the constructor's listeners: `this[stream]` already holds the chunk.
      source?.on("data", onData);
      this.child.on("close", onClose);
      // Ended and all output read already: nothing more can come.
      if (!check() && this.closed) fail("the process ended");
    });
  }

  async result(): Promise<RunResult> {
    const code = await this.exited;
    return { code, stdout: this.stdout, stderr: this.stderr };
  }
}

export function spawnCli(args: readonly string[], options: RunOptions = {}): Running {
  const child = spawn(process.execPath, [inject("cliPath"), ...args], {
    env: cleanEnv(options.env),
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.add(child);
  child.on("close", () => children.delete(child));
  const running = new Running(child);
  if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  return running;
}

export function runCli(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const running = spawnCli(args, { ...options, stdin: options.stdin ?? "" });
  return running.result();
}

/** Kills every CLI process still running (call in afterEach, so a failed test leaves none). */
export function killAll(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  children.clear();
}

export function removeHome(): void {
  rmSync(home, { recursive: true, force: true });
}
