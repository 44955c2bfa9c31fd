// Waiting for the end of a long-running command: a signal, a deadline, or a lost session.
import { interrupted } from "./io";

export interface WaitResult {
  reason: "signal" | "deadline" | "done";
}

/**
 * Resolves when `done` resolves, on SIGINT/SIGTERM, or after `deadlineMs`; rejects when `lost`
 * rejects. Timers and signal handlers are removed afterwards.
 */
export async function waitForEnd(
  lost: Promise<never>,
  done: Promise<void>,
  deadlineMs: number | undefined,
): Promise<WaitResult> {
  const signal = interrupted();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline =
    deadlineMs === undefined
      ? new Promise<never>(() => {})
      : new Promise<WaitResult>((resolve) => {
          timer = setTimeout(() => resolve({ reason: "deadline" }), deadlineMs);
        });
  try {
    return await Promise.race([
      lost,
      done.then((): WaitResult => ({ reason: "done" })),
      signal.promise.then((): WaitResult => ({ reason: "signal" })),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
    signal.dispose();
  }
}

/** A promise with its resolve function outside. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
