// StoredCredentials <-> JSON text, for stores that keep them in a text column.
import { decodeBase64, encodeBase64 } from "@parley/sasl";
import type { ScramCredentials, StoredCredentials } from "@parley/sasl";

type Hash = keyof StoredCredentials;
const hashes: readonly Hash[] = ["SCRAM-SHA-1", "SCRAM-SHA-256", "SCRAM-SHA-512"];

interface EncodedScram {
  salt: string;
  iterations: number;
  storedKey: string;
  serverKey: string;
}

export function encodeCredentials(credentials: StoredCredentials): string {
  const out: Partial<Record<Hash, EncodedScram>> = {};
  for (const h of hashes) {
    const c = credentials[h];
    if (!c) continue;
    out[h] = {
      salt: encodeBase64(c.salt),
      iterations: c.iterations,
      storedKey: encodeBase64(c.storedKey),
      serverKey: encodeBase64(c.serverKey),
    };
  }
  return JSON.stringify(out);
}

export function decodeCredentials(text: string): StoredCredentials {
  const parsed = JSON.parse(text) as Partial<Record<Hash, EncodedScram>>;
  const out: StoredCredentials = {};
  for (const h of hashes) {
    const c = parsed[h];
    if (!c) continue;
    const scram: ScramCredentials = {
      salt: decodeBase64(c.salt),
      iterations: c.iterations,
      storedKey: decodeBase64(c.storedKey),
      serverKey: decodeBase64(c.serverKey),
    };
    out[h] = scram;
  }
  return out;
}
