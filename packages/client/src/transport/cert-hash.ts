// RFC 5929 §4.1 tls-server-end-point: the certificate is hashed with the hash of its signature
// algorithm, except that MD5 and SHA-1 are replaced by SHA-256. Only the signatureAlgorithm OID
// of the DER certificate is needed, so this reads just that much ASN.1.

export type EndPointHash = "sha256" | "sha384" | "sha512";

const OID_HASH: Record<string, EndPointHash> = {
  "1.2.840.113549.1.1.12": "sha384", // sha384WithRSAEncryption
  "1.2.840.113549.1.1.13": "sha512", // sha512WithRSAEncryption
  "1.2.840.10045.4.3.3": "sha384", // ecdsa-with-SHA384
  "1.2.840.10045.4.3.4": "sha512", // ecdsa-with-SHA512
};

/**
 * The hash for a DER certificate. SHA-256 for every other algorithm: MD5, SHA-1 and SHA-256
 * signatures by the RFC, and (our choice, as RFC 5929 predates them) Ed25519/Ed448 and RSA-PSS.
 */
export function endPointHash(der: Uint8Array): EndPointHash {
  const oid = signatureAlgorithmOid(der);
  return (oid === undefined ? undefined : OID_HASH[oid]) ?? "sha256";
}

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm SEQUENCE { OID, ... }, ... } */
export function signatureAlgorithmOid(der: Uint8Array): string | undefined {
  const cert = readTlv(der, 0);
  if (cert?.tag !== 0x30) return undefined;
  const tbs = readTlv(der, cert.start);
  if (!tbs) return undefined;
  const alg = readTlv(der, tbs.end);
  if (alg?.tag !== 0x30) return undefined;
  const oid = readTlv(der, alg.start);
  if (oid?.tag !== 0x06) return undefined;
  return decodeOid(der.subarray(oid.start, oid.end));
}

interface Tlv {
  tag: number;
  start: number;
  end: number;
}

function readTlv(buf: Uint8Array, at: number): Tlv | undefined {
  if (at + 2 > buf.length) return undefined;
  const tag = buf[at]!;
  let len = buf[at + 1]!;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > buf.length) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[start + i]!;
    start += n;
  }
  const end = start + len;
  return end <= buf.length ? { tag, start, end } : undefined;
}

function decodeOid(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return undefined;
  const parts: number[] = [];
  let value = 0;
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  const first = parts.shift();
  if (first === undefined) return undefined;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...parts].join(".");
}
