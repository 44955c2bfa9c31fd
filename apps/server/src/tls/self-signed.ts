// A self-signed X.509 v3 server certificate (RFC 5280 §4.1), made with node:crypto alone: an
// ECDSA P-256 key, SANs for every served domain plus localhost, 127.0.0.1 and ::1 (RFC 6125 §6.4
// matching on dNSName / iPAddress; RFC 6120 §13.7.1.2 allows plain DNS names for XMPP domains).
import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { toAsciiDomain } from "@parley/jid";
import {
  type Der,
  bitString,
  boolean,
  explicit,
  implicitPrimitive,
  octetString,
  oid,
  sequence,
  set,
  smallInteger,
  time,
  unsignedInteger,
  utf8String,
} from "./der";
import { ipBytes } from "./ip-bytes";

const OID = {
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  commonName: "2.5.4.3",
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  extKeyUsage: "2.5.29.37",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
} as const;

export interface SelfSignedOptions {
  /** Served domains; the first one is the subject's common name. */
  domains: readonly string[];
  /** Validity in days from now (default 365). */
  days?: number;
  now?: Date;
}

export interface KeyAndCert {
  /** PKCS #8 private key, PEM. */
  key: string;
  /** The certificate, PEM. */
  cert: string;
}

/** Names for the SAN extension: the domains, localhost, 127.0.0.1, ::1, without repeats. */
export function subjectAltNames(domains: readonly string[]): string[] {
  const names = [...domains.map((d) => (ipBytes(d) ? d : toAsciiDomain(d))), "localhost"];
  names.push("127.0.0.1", "::1");
  return [...new Set(names)];
}

function generalName(name: string): Der {
  const ip = ipBytes(name);
  // GeneralName: dNSName [2] IA5String, iPAddress [7] OCTET STRING (RFC 5280 §4.2.1.6).
  return ip ? implicitPrimitive(7, ip) : implicitPrimitive(2, new TextEncoder().encode(name));
}

function extension(id: string, critical: boolean, value: Der): Der {
  return critical
    ? sequence(oid(id), boolean(true), octetString(value))
    : sequence(oid(id), octetString(value));
}

function name(commonName: string): Der {
  return sequence(set(sequence(oid(OID.commonName), utf8String(commonName))));
}

export function generateSelfSigned(options: SelfSignedOptions): KeyAndCert {
  if (options.domains.length === 0) throw new RangeError("a certificate needs at least one domain");
  const now = options.now ?? new Date();
  const days = options.days ?? 365;
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const spki = new Uint8Array(publicKey.export({ type: "spki", format: "der" }));
  const serial = new Uint8Array(randomBytes(16));
  serial[0] = ((serial[0] as number) & 0x3f) | 0x40; // positive, 16 octets, never zero (§4.1.2.2)
  const algorithm = sequence(oid(OID.ecdsaWithSha256));
  const subject = name(subjectAltNames(options.domains)[0] as string);
  const extensions = [
    extension(OID.basicConstraints, true, sequence()), // cA FALSE: an end-entity certificate
    // digitalSignature only (bit 0): ECDHE key exchange signs, it never encrypts.
    extension(OID.keyUsage, true, bitString(Uint8Array.of(0x80), 7)),
    extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth), oid(OID.clientAuth))),
    extension(
      OID.subjectAltName,
      false,
      sequence(...subjectAltNames(options.domains).map(generalName)),
    ),
    extension(
      OID.subjectKeyIdentifier,
      false,
      octetString(createHash("sha1").update(spki).digest()),
    ),
  ];
  const tbs = sequence(
    explicit(0, smallInteger(2)), // v3
    unsignedInteger(serial),
    algorithm,
    subject, // issuer = subject: self-signed
    sequence(
      time(new Date(now.getTime() - 3600_000)),
      time(new Date(now.getTime() + days * 86400_000)),
    ),
    subject,
    spki,
    explicit(3, sequence(...extensions)),
  );
  // ECDSA signatures from node:crypto are DER Ecdsa-Sig-Value already (RFC 5758 §3.2).
  const signature = new Uint8Array(sign("sha256", tbs, privateKey));
  const cert = sequence(tbs, algorithm, bitString(signature));
  return {
    key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    cert: toPem("CERTIFICATE", cert),
  };
}

function toPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString("base64").replace(/.{64}/g, "$&\n").replace(/\n$/, "");
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}
