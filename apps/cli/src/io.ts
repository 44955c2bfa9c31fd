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

/** Resolves on the first SIGINT or SIGTERM (the normal way to end listen, chat and presence). */
export function interrupted(): { promise: Promise<void>; dispose(): void } {
  let onSignal = () => {};
  const promise = new Promise<void>((resolve) => {
    onSignal = () => resolve();
  });
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return {
    promise,
    dispose() {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}
