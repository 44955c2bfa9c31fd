// Default loggers: one-line JSON-ish records on stderr, or nothing.
import type { Logger } from "./module-api";

const LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LEVELS)[number];

export function createConsoleLogger(level: LogLevel = "info", prefix = ""): Logger {
  const min = LEVELS.indexOf(level);
  const write = (l: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS.indexOf(l) < min) return;
    const extra = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : "";
    console.error(`${new Date().toISOString()} ${l.toUpperCase()} ${prefix}${msg}${extra}`);
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/** A logger whose records carry a name prefix (per module). */
export function childLogger(parent: Logger, name: string): Logger {
  const tag = (msg: string) => `[${name}] ${msg}`;
  return {
    debug: (m, f) => parent.debug(tag(m), f),
    info: (m, f) => parent.info(tag(m), f),
    warn: (m, f) => parent.warn(tag(m), f),
    error: (m, f) => parent.error(tag(m), f),
  };
}
