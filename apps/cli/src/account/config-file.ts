// The optional config file (TOML): `--config FILE`, else $XDG_CONFIG_HOME/parley/config.toml
// (default ~/.config/parley/config.toml). Only the keys below are accepted, so a typo is reported
// instead of silently ignored.
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { TomlError, parse } from "smol-toml";
import { ConfigError } from "../errors";

/** What the config file may set; the names are those of the long options, in snake_case. */
export interface FileSettings {
  jid?: string;
  password?: string;
  resource?: string;
  host?: string;
  port?: number;
  websocket?: string;
  direct_tls?: boolean;
  insecure?: boolean;
  timeout?: number;
}

const KINDS: Record<keyof FileSettings, "string" | "number" | "boolean"> = {
  jid: "string",
  password: "string",
  resource: "string",
  host: "string",
  port: "number",
  websocket: "string",
  direct_tls: "boolean",
  insecure: "boolean",
  timeout: "number",
};

export function defaultConfigPath(env: Readonly<Record<string, string | undefined>>): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config");
  return join(base, "parley", "config.toml");
}

/** Checks the parsed table key by key. */
export function validateSettings(raw: Record<string, unknown>, file: string): FileSettings {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const kind = KINDS[key as keyof FileSettings];
    if (kind === undefined) {
      throw new ConfigError(
        `${file}: ${key}`,
        `unknown key (known: ${Object.keys(KINDS).join(", ")})`,
      );
    }
    if (typeof value !== kind) throw new ConfigError(`${file}: ${key}`, `must be a ${kind}`);
    out[key] = value;
  }
  return out as FileSettings;
}

/**
 * Reads the settings. An explicit file must exist; the default one may be missing (no settings).
 */
export async function loadSettings(
  explicit: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Promise<FileSettings> {
  const file = explicit ?? defaultConfigPath(env);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (explicit === undefined && code === "ENOENT") return {};
    throw new ConfigError(file, `cannot read the config file (${code ?? String(error)})`, {
      cause: error,
    });
  }
  let raw: Record<string, unknown>;
  try {
    raw = parse(text) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      const first = error.message.split("\n")[0] ?? "syntax error";
      throw new ConfigError(
        `${file}:${error.line}:${error.column}`,
        first.replace(/^Invalid TOML document: /, ""),
      );
    }
    throw error;
  }
  return validateSettings(raw, file);
}
