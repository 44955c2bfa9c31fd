// A self-signed certificate for "localhost", made with the openssl command. The global setup makes
// it before the test workers start (they must trust it from their first instruction on), which is
// why it does not come from @parley/server/testing: the global setup runs outside the workers,
// where workspace packages resolve to their unbuilt dist.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

export function makeCertificate(dir: string, domain: string): { key: string; cert: string } {
  const keyFile = join(dir, "key.pem");
  const certFile = join(dir, "cert.pem");
  // Same shape as the harness certificate: EC P-256, CN and subjectAltName = the domain.
  // Two days of validity: enough for a test run, and the file is deleted at teardown.
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"],
      ...["-sha256", "-nodes", "-days", "2", "-subj", `/CN=${domain}`],
      ...["-addext", `subjectAltName=DNS:${domain}`, "-keyout", keyFile, "-out", certFile],
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  return { key: readFileSync(keyFile, "utf8"), cert: readFileSync(certFile, "utf8") };
}
