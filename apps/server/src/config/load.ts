// Reads the TOML config file (when given) and validates it with the environment overrides.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { TomlError, parse } from "smol-toml";
import { ConfigError } from "../errors";
import type { AppConfig } from "./types";
import { validateConfig } from "./validate";

export interface LoadOptions {
  /** --config; falls back to PARLEY_CONFIG; without either, embedded defaults only. */
  file?: string;
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
}

export async function parseConfigText(
  text: string,
  file: string,
): Promise<Record<string, unknown>> {
  try {
    return parse(text) as Record<string, unknown>;
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
}

export async function loadConfig(options: LoadOptions = {}): Promise<AppConfig> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const file = options.file ?? (env.PARLEY_CONFIG || undefined);
  if (file === undefined) return validateConfig({ raw: {}, env, cwd });
  return validateConfig({ raw: await readConfigFile(file, cwd), file, env, cwd });
}

async function readConfigFile(file: string, cwd: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    throw new ConfigError(file, `cannot read the config file (${code || String(error)})`, {
      cause: error,
    });
  }
  return parseConfigText(text, file);
}
