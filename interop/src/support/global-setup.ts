// Vitest global setup: one test certificate for "localhost", trusted by the test workers.
//
// @xmpp/client 0.14 upgrades STARTTLS with tls.connect({ socket, host }) and takes no TLS options,
// so a per-connection `ca` is impossible. Instead of turning verification off
// (NODE_TLS_REJECT_UNAUTHORIZED=0), the certificate is added to the trusted roots of the forked
// workers through NODE_EXTRA_CA_CERTS (read by Node at process start, hence set here, before the
// workers exist). Verification, host name check included, stays on for every client.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { makeCertificate } from "./certificate";

declare module "vitest" {
  export interface ProvidedContext {
    /** PEM key and certificate of the test servers (CN and subjectAltName "localhost"). */
    tlsKey: string;
    tlsCert: string;
    /** A file holding that certificate, for peers that take a CA file (slixmpp). */
    caFile: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), "parley-interop-"));
  const { key, cert } = makeCertificate(dir, "localhost");
  const caFile = join(dir, "ca.pem");
  writeFileSync(caFile, cert);
  // Keep whatever extra roots the caller already trusts.
  const previous = process.env.NODE_EXTRA_CA_CERTS;
  const extra = previous ? `${readFileSync(previous, "utf8").trim()}\n${cert}` : cert;
  const extraFile = join(dir, "extra-roots.pem");
  writeFileSync(extraFile, extra);
  process.env.NODE_EXTRA_CA_CERTS = extraFile;
  project.provide("tlsKey", key);
  project.provide("tlsCert", cert);
  project.provide("caFile", caFile);
  return () => {
    if (previous === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
    else process.env.NODE_EXTRA_CA_CERTS = previous;
    rmSync(dir, { recursive: true, force: true });
  };
}
