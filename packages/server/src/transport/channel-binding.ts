// Channel-binding data for SCRAM -PLUS: tls-exporter (RFC 9266, TLS 1.3 only),
// tls-server-end-point (RFC 5929 §4.1: a hash of the server certificate) and tls-unique
// (RFC 5929 §3.1: the first Finished message of the handshake).
import { createHash, X509Certificate } from "node:crypto";
import type { TLSSocket } from "node:tls";
import type { ChannelBindingType } from "@parley/sasl";

export interface ServerCertificate {
  /** tls-server-end-point data: the certificate's hash, computed once. */
  endPoint: Uint8Array;
}

/** RFC 9266 §2: label "EXPORTER-Channel-Binding", empty context, 32 bytes. */
export function tlsExporter(socket: TLSSocket): Uint8Array | undefined {
  if (socket.getProtocol() !== "TLSv1.3") return undefined;
  return new Uint8Array(
    socket.exportKeyingMaterial(32, "EXPORTER-Channel-Binding", Buffer.alloc(0)),
  );
}

/**
 * RFC 5929 §3.1: the first Finished message of the most recent handshake: the client's in a full
 * handshake, the server's in an abbreviated (resumed) one, where the server finishes first.
 * RFC 9266 §3 leaves tls-unique undefined for TLS 1.3, yet clients such as slixmpp 1.8 (through
 * Python's `ssl.get_channel_binding`) still send it there, computed by the same rule; Prosody
 * answers with the peer's Finished. The client's TLS 1.3 Finished is a MAC over the whole
 * handshake transcript, so it is unique to the connection: accepted, but never announced with
 * XEP-0440 on TLS 1.3 (see `announcedBindingTypes`).
 */
export function tlsUnique(socket: TLSSocket): Uint8Array | undefined {
  const finished = socket.isSessionReused() ? socket.getFinished() : socket.getPeerFinished();
  return finished && finished.length > 0 ? new Uint8Array(finished) : undefined;
}

/**
 * The types announced in XEP-0440 <sasl-channel-binding/>: those that are defined for the TLS
 * version in use. tls-exporter exists only on TLS 1.3, where tls-unique is not defined (RFC 9266
 * §3), so tls-unique is announced only on connections without tls-exporter (TLS 1.2).
 */
export function announcedBindingTypes(types: readonly string[]): string[] {
  if (!types.includes("tls-exporter")) return [...types];
  return types.filter((type) => type !== "tls-unique");
}

export function tlsChannelBindings(
  socket: TLSSocket,
  certificate: ServerCertificate | undefined,
): Partial<Record<ChannelBindingType, Uint8Array>> {
  const out: Partial<Record<ChannelBindingType, Uint8Array>> = {};
  const exporter = tlsExporter(socket);
  if (exporter) out["tls-exporter"] = exporter;
  if (certificate) out["tls-server-end-point"] = certificate.endPoint;
  const unique = tlsUnique(socket);
  if (unique) out["tls-unique"] = unique;
  return out;
}

// Signature algorithm OIDs (DER content bytes, hex) → the hash they use.
const SIGNATURE_HASHES: Record<string, string> = {
  "2a864886f70d01010b": "sha256", // sha256WithRSAEncryption
  "2a864886f70d01010c": "sha384",
  "2a864886f70d01010d": "sha512",
  "2a8648ce3d040302": "sha256", // ecdsa-with-SHA256
  "2a8648ce3d040303": "sha384",
  "2a8648ce3d040304": "sha512",
};

/**
 * RFC 5929 §4.1: hash the DER certificate with the hash of its signature algorithm, except that
 * MD5 and SHA-1 (and, here, anything without a single hash such as Ed25519) become SHA-256.
 */
export function serverEndPoint(certificate: string | Uint8Array): Uint8Array {
  const der = new X509Certificate(certificate).raw;
  const hash = SIGNATURE_HASHES[signatureAlgorithmOid(der) ?? ""] ?? "sha256";
  return new Uint8Array(createHash(hash).update(der).digest());
}

/** The OID of Certificate.signatureAlgorithm (RFC 5280 §4.1.1.2), as hex, from DER. */
function signatureAlgorithmOid(der: Uint8Array): string | undefined {
  try {
    const outer = readTlv(der, 0); // Certificate SEQUENCE
    const tbs = readTlv(der, outer.contentStart); // tbsCertificate
    const algorithm = readTlv(der, tbs.end); // AlgorithmIdentifier SEQUENCE
    const oid = readTlv(der, algorithm.contentStart);
    if (oid.tag !== 0x06) return undefined;
    return Buffer.from(der.subarray(oid.contentStart, oid.end)).toString("hex");
  } catch {
    return undefined;
  }
}

function readTlv(der: Uint8Array, at: number): { tag: number; contentStart: number; end: number } {
  const tag = der[at]!;
  let length = der[at + 1]!;
  let offset = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[offset + i]!;
    offset += count;
  }
  if (offset + length > der.length) throw new RangeError("truncated DER");
  return { tag, contentStart: offset, end: offset + length };
}
