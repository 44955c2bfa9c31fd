// What `check` and start-up verify about a key and certificate chain: parseable, the key matches
// the leaf, the chain links up, the validity period holds `now`, the SANs cover every domain
// (RFC 6125 §6.4 as node:crypto implements it; RFC 6120 §13.7.1.2).
import { X509Certificate, createPrivateKey } from "node:crypto";
import { toAsciiDomain } from "@parley/jid";
import { ipBytes } from "./ip-bytes";

export interface CertificateReport {
  /** Fatal: the server would serve a broken or wrong certificate. */
  problems: string[];
  /** Worth saying, not fatal: expiring soon. */
  warnings: string[];
  subject?: string;
  subjectAltName?: string;
  validTo?: Date;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g;
const DAY = 86_400_000;

export function splitPemChain(pem: string): string[] {
  return pem.match(PEM_CERT) ?? [];
}

/** Whether `cert` names `domain` (an IP literal is matched as an address). */
export function certificateCovers(cert: X509Certificate, domain: string): boolean {
  if (ipBytes(domain)) return cert.checkIP(domain.replace(/^\[|\]$/g, "")) !== undefined;
  return cert.checkHost(toAsciiDomain(domain), { subject: "default" }) !== undefined;
}

export function inspectCertificate(
  certPem: string,
  keyPem: string,
  domains: readonly string[],
  now = new Date(),
  warnDays = 14,
): CertificateReport {
  const report: CertificateReport = { problems: [], warnings: [] };
  let chain: X509Certificate[];
  try {
    chain = splitPemChain(certPem).map((pem) => new X509Certificate(pem));
  } catch (error) {
    report.problems.push(`the certificate file does not parse: ${(error as Error).message}`);
    return report;
  }
  const leaf = chain[0];
  if (!leaf) {
    report.problems.push("the certificate file holds no PEM certificate");
    return report;
  }
  report.subject = leaf.subject;
  report.subjectAltName = leaf.subjectAltName;
  report.validTo = new Date(leaf.validTo);

  try {
    if (!leaf.checkPrivateKey(createPrivateKey(keyPem))) {
      report.problems.push("the private key does not match the certificate");
    }
  } catch (error) {
    report.problems.push(`the private key does not parse: ${(error as Error).message}`);
  }
  for (let i = 0; i + 1 < chain.length; i++) {
    const [child, parent] = [chain[i] as X509Certificate, chain[i + 1] as X509Certificate];
    if (!child.checkIssued(parent) || !child.verify(parent.publicKey)) {
      report.problems.push(
        `certificate ${i + 1} of the chain is not issued by certificate ${i + 2}`,
      );
    }
  }

  const from = new Date(leaf.validFrom);
  const to = new Date(leaf.validTo);
  if (now < from) report.problems.push(`the certificate is not valid before ${from.toISOString()}`);
  if (now > to) report.problems.push(`the certificate expired on ${to.toISOString()}`);
  else if (to.getTime() - now.getTime() < warnDays * DAY) {
    const days = Math.floor((to.getTime() - now.getTime()) / DAY);
    report.warnings.push(`the certificate expires in ${days} days (${to.toISOString()})`);
  }
  for (const domain of domains) {
    if (!certificateCovers(leaf, domain)) {
      report.problems.push(
        `the certificate does not cover the domain ${domain} (it names ${leaf.subjectAltName ?? leaf.subject})`,
      );
    }
  }
  return report;
}
