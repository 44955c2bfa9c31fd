// Value checks for config keys: each takes the raw value and the key's origin, returns the typed
// value or throws ConfigError naming the key (or the environment variable it came from).
import { isAbsolute, resolve } from "node:path";
import { ConfigError } from "../errors";

/** Where a value came from: its name in messages, and the folder relative paths start from. */
export interface Origin {
  label: string;
  baseDir: string;
}

export type Check<T> = (value: unknown, origin: Origin) => T;

const fail = (origin: Origin, message: string): never => {
  throw new ConfigError(origin.label, message);
};

const show = (value: unknown) =>
  typeof value === "string" ? JSON.stringify(value) : String(value);

export const bool: Check<boolean> = (value, origin) =>
  typeof value === "boolean" ? value : fail(origin, `expected true or false, got ${show(value)}`);

export function integer(min: number, max = Number.MAX_SAFE_INTEGER): Check<number> {
  return (value, origin) => {
    // smol-toml gives integers as numbers (bigint only past 2^53, which is out of range anyway).
    const n = typeof value === "bigint" ? Number(value) : value;
    if (typeof n !== "number" || !Number.isInteger(n)) {
      return fail(origin, `expected an integer, got ${show(value)}`);
    }
    if (n < min || n > max) {
      const range =
        max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `between ${min} and ${max}`;
      return fail(origin, `must be ${range}, got ${n}`);
    }
    return n;
  };
}

/** A TCP port, 0 for any free port, or false for no listener. */
export const port: Check<number | false> = (value, origin) =>
  value === false ? false : integer(0, 65535)(value, origin);

export const text: Check<string> = (value, origin) => {
  if (typeof value !== "string") return fail(origin, `expected a string, got ${show(value)}`);
  if (value.trim() === "") return fail(origin, "must not be empty");
  return value;
};

/** A file or folder path; relative ones start at the config file's folder (or the cwd). */
export const path: Check<string> = (value, origin) => {
  const p = text(value, origin);
  return isAbsolute(p) ? p : resolve(origin.baseDir, p);
};

export function oneOf<T extends string>(values: readonly T[]): Check<T> {
  return (value, origin) =>
    typeof value === "string" && (values as readonly string[]).includes(value)
      ? (value as T)
      : fail(
          origin,
          `expected one of ${values.map((v) => JSON.stringify(v)).join(", ")}, got ${show(value)}`,
        );
}

export function list<T>(item: Check<T>, options: { nonEmpty?: boolean } = {}): Check<T[]> {
  return (value, origin) => {
    if (!Array.isArray(value)) return fail(origin, `expected a list, got ${show(value)}`);
    if (options.nonEmpty && value.length === 0) return fail(origin, "must not be empty");
    return value.map((v, i) => item(v, { ...origin, label: `${origin.label}[${i}]` }));
  };
}

const isTable = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);

const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * `[modules.NAME]` tables, handed to the module with each snake_case key both as written and in
 * camelCase (`idle_ms` and `idleMs`): extension packages read either convention, and none of
 * them refuses keys it does not know. `NAME = false` disables a module.
 */
export const modules: Check<Record<string, Record<string, unknown> | false>> = (value, origin) => {
  if (!isTable(value)) return fail(origin, "expected a table of module sections");
  const out: Record<string, Record<string, unknown> | false> = {};
  for (const [name, section] of Object.entries(value)) {
    if (section === false) out[name] = false;
    else if (section === true) out[name] = {};
    else if (isTable(section)) {
      out[name] = Object.fromEntries(
        Object.entries(section).flatMap(([k, v]) =>
          camel(k) === k
            ? [[k, v]]
            : [
                [k, v],
                [camel(k), v],
              ],
        ),
      );
    } else fail({ ...origin, label: `${origin.label}.${name}` }, "expected a table, true or false");
  }
  return out;
};

export { isTable };
