// users import: check every line first, derive all SCRAM keys concurrently, then write every
// account in one transaction (accounts.createMany), so a bad file writes nothing.
import { readFile } from "node:fs/promises";
import type { Storage } from "@parley/storage";
import { deriveMany } from "../accounts/derive-many";
import { parseImportFile } from "../accounts/import-file";
import type { AppConfig } from "../config/types";
import { CliError, ExitCode, ImportFileError, UsageError } from "../errors";

export type ExistingPolicy = "fail" | "skip" | "replace";

export interface ImportOptions {
  iterations: number;
  existing: ExistingPolicy;
}

export interface ImportResult {
  written: number;
  skipped: number;
  replaced: number;
  deriveMs: number;
  writeMs: number;
}

export async function readImportFile(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new UsageError(
      `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
}

export async function importUsers(
  storage: Storage,
  config: AppConfig,
  file: string,
  text: string,
  options: ImportOptions,
): Promise<ImportResult> {
  const parsed = parseImportFile(text, config.domains);
  if (parsed.errors.length > 0) throw new ImportFileError(file, parsed.errors);

  let entries = parsed.entries;
  let replaced = 0;
  const existing: typeof entries = [];
  for (const entry of entries) if (await storage.accounts.exists(entry.jid)) existing.push(entry);
  if (existing.length > 0 && options.existing === "fail") {
    const shown = existing
      .slice(0, 20)
      .map((e) => `${file}:${e.line}: account already exists: ${e.jid}`);
    if (existing.length > 20) shown.push(`… and ${existing.length - 20} more`);
    shown.push("nothing was imported (use --skip-existing or --replace)");
    throw new CliError(shown.join("\n"), ExitCode.conflict);
  }
  if (options.existing === "skip") {
    const skip = new Set(existing.map((e) => e.jid));
    entries = entries.filter((e) => !skip.has(e.jid));
  } else replaced = existing.length;

  const started = performance.now();
  const credentials = await deriveMany(
    entries.map((e) => e.password),
    { iterations: options.iterations, hashes: config.scramHashes },
  );
  const derived = performance.now();
  const written = await storage.accounts.createMany(
    entries.map((e, i) => ({
      jid: e.jid,
      credentials: credentials[i] as NonNullable<(typeof credentials)[number]>,
    })),
    { replace: options.existing === "replace" },
  );
  return {
    written,
    skipped: parsed.entries.length - entries.length,
    replaced,
    deriveMs: derived - started,
    writeMs: performance.now() - derived,
  };
}
