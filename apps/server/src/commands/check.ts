// check: the config is valid (loading it already proved that) and the key and certificate are
// usable: parseable, matching, in their validity period, naming every domain.
import { readFile } from "node:fs/promises";
import type { AppConfig } from "../config/types";
import { CertificateCheckError, ConfigError } from "../errors";
import { inspectCertificate } from "../tls/inspect";

async function read(file: string, key: string, optional: boolean): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (optional && code === "ENOENT") return undefined;
    throw new ConfigError(key, `cannot read ${file} (${code ?? String(error)})`);
  }
}

/** Lines to print on success; throws CertificateCheckError (exit 5) listing every problem. */
export async function checkSetup(config: AppConfig, now = new Date()): Promise<string[]> {
  const lines = [
    `config: ${config.file ?? "no file, embedded defaults"}: valid`,
    `domains: ${config.domains.join(", ")}`,
    `data: ${config.dataDir}`,
  ];
  const cert = await read(config.tls.cert, "tls.cert", config.tls.selfSigned);
  const key = await read(config.tls.key, "tls.key", config.tls.selfSigned);
  if (cert === undefined || key === undefined) {
    lines.push(
      `tls: no certificate yet: a self-signed one is made on first start (${config.tls.cert})`,
    );
    return lines;
  }
  const report = inspectCertificate(cert, key, config.domains, now);
  if (report.problems.length > 0 && !config.tls.selfSigned)
    throw new CertificateCheckError(report.problems);
  for (const problem of report.problems)
    lines.push(`tls: ${problem}: a new self-signed certificate is made on next start`);
  const days = report.validTo
    ? Math.floor((report.validTo.getTime() - now.getTime()) / 86_400_000)
    : 0;
  lines.push(
    `tls: ${config.tls.selfSigned ? "self-signed " : ""}certificate ${config.tls.cert}`,
    `tls: ${report.subject?.replace(/\n/g, ", ")}; ${report.subjectAltName ?? "no SANs"}; expires ${report.validTo?.toISOString()} (in ${days} days)`,
    ...report.warnings.map((w) => `warning: ${w}`),
  );
  return lines;
}
