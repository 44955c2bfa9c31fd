// What a command reads and writes: standard streams in the real CLI.

export interface CliIo {
  /** One line to standard output. */
  out(line: string): void;
  /** One line to standard error. */
  err(line: string): void;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  stdin: process.stdin,
  env: process.env,
};

/**
 * Signals for the long-running commands (listen, chat, presence). `catchSignals()` is called when
 * such a command starts, before it connects: from then on SIGINT/SIGTERM never kill the process
 * mid-way; a signal that comes before the command waits for one is remembered, and
 * `interrupted()` resolves at once. Other commands keep Node's default (the signal ends them).
 */
let caught = false;
let pending = false;
const waiters = new Set<() => void>();

function onSignal(): void {
  if (waiters.size === 0) {
    // A second signal while nothing waits (e.g. during the final stop): give up at once.
    if (pending) process.exit(130);
    pending = true;
  }
  for (const wake of [...waiters]) wake();
}

export function catchSignals(): void {
  if (caught) return;
  caught = true;
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

/** Resolves on the first SIGINT or SIGTERM (the normal way to end listen, chat and presence). */
export function interrupted(): { promise: Promise<void>; dispose(): void } {
  catchSignals();
  let wake = () => {};
  const promise = new Promise<void>((resolve) => {
    wake = () => resolve();
  });
  if (pending) {
    pending = false;
    wake();
  } else waiters.add(wake);
  return {
    promise,
    dispose() {
      waiters.delete(wake);
    },
  };
}
