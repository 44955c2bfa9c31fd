// The key and certificate the server uses: the configured files, or a self-signed pair in the
// data folder, made on first start and made again when it expires within 30 days or no longer
// covers the configured domains.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { AppConfig } from "../config/types";
import { CliError, ConfigError, ExitCode } from "../errors";
import { inspectCertificate } from "./inspect";
import { generateSelfSigned } from "./self-signed";

export interface LoadedTls {
  key: string;
  cert: string;
  /** Made (or made again) by this call, with the reason. */
  generated?: string;
}

const RENEW_DAYS = 30;

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Reads the configured key and certificate; a missing or unreadable file is a config error. */
async function readConfigured(config: AppConfig): Promise<LoadedTls> {
  const read = async (key: "cert" | "key") => {
    try {
      return await readFile(config.tls[key], "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new ConfigError(`tls.${key}`, `cannot read ${config.tls[key]} (${code})`, {
        cause: error,
      });
    }
  };
  return { cert: await read("cert"), key: await read("key") };
}

function whyRenew(
  existing: { cert?: string; key?: string },
  config: AppConfig,
  now: Date,
): string | undefined {
  if (existing.cert === undefined || existing.key === undefined) return "first start";
  const report = inspectCertificate(existing.cert, existing.key, config.domains, now, RENEW_DAYS);
  return report.problems[0] ?? report.warnings[0];
}

export async function loadOrCreateTls(config: AppConfig, now = new Date()): Promise<LoadedTls> {
  if (!config.tls.selfSigned) return readConfigured(config);
  try {
    const existing = {
      cert: await readIfExists(config.tls.cert),
      key: await readIfExists(config.tls.key),
    };
    const reason = whyRenew(existing, config, now);
    if (reason === undefined) return existing as LoadedTls;
    const made = generateSelfSigned({ domains: config.domains, now });
    await mkdir(dirname(config.tls.key), { recursive: true, mode: 0o700 });
    await writeFile(config.tls.key, made.key, { mode: 0o600 });
    await writeFile(config.tls.cert, made.cert, { mode: 0o644 });
    return { ...made, generated: reason };
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(
      `cannot prepare the self-signed certificate in ${dirname(config.tls.cert)}: ${(error as Error).message}`,
      ExitCode.runtime,
      { cause: error },
    );
  }
}
