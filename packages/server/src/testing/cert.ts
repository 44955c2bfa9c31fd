// A self-signed test certificate, made with the openssl command (no network, no extra package).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestCertificate {
  key: string;
  cert: string;
}

const cache = new Map<string, TestCertificate>();

/** Key and certificate for `domain` (EC P-256, valid 2 days); cached per process. */
export function generateTestCertificate(domain = "localhost"): TestCertificate {
  const cached = cache.get(domain);
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), "parley-cert-"));
  try {
    const keyFile = join(dir, "key.pem");
    const certFile = join(dir, "cert.pem");
    try {
      execFileSync(
        "openssl",
        [
          "req",
          "-x509",
          "-newkey",
          "ec",
          "-pkeyopt",
          "ec_paramgen_curve:prime256v1",
          "-sha256",
          "-nodes",
          "-days",
          "2",
          "-subj",
          `/CN=${domain}`,
          "-addext",
          `subjectAltName=DNS:${domain}`,
          "-keyout",
          keyFile,
          "-out",
          certFile,
        ],
        { stdio: ["ignore", "ignore", "pipe"] },
      );
    } catch (error) {
      throw new Error(
        "the scenario tests need the `openssl` command to make a test certificate; install OpenSSL",
        { cause: error },
      );
    }
    const pair = { key: readFileSync(keyFile, "utf8"), cert: readFileSync(certFile, "utf8") };
    cache.set(domain, pair);
    return pair;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
