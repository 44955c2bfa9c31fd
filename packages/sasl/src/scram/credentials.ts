// Deriving the stored SCRAM keys (RFC 5802 §3) from a password, for account creation and for
// adding hashes to an account, and the client-side keys from a password.
import { digest, hi, hmac } from "../crypto.js";
import { randomBytes, utf8 } from "../bytes.js";
import { SCRAM_HASHES } from "../names.js";
import { opaqueString } from "@parley/precis";
import type { ScramCredentials, ScramHash, StoredCredentials } from "../types.js";

export const MIN_ITERATIONS = 4096; // RFC 7677 §4 / RFC 5802 §5.1 floor
export const DEFAULT_ITERATIONS = 10_000;
export const MAX_ITERATIONS = 10_000_000;
export const SALT_LENGTH = 16;

export interface DeriveOptions {
  /** Default 10000; fewer than 4096 or more than ten million is a RangeError. */
  iterations?: number;
  /** Default: 16 random bytes. */
  salt?: Uint8Array;
  /** deriveAllCredentials only: the hashes to derive (default all three). */
  hashes?: readonly ScramHash[];
}

export interface ScramKeys {
  saltedPassword: Uint8Array;
  clientKey: Uint8Array;
  storedKey: Uint8Array;
  serverKey: Uint8Array;
}

/** SaltedPassword, ClientKey, StoredKey, ServerKey from an already prepared password. */
export async function scramKeys(
  hash: ScramHash,
  preparedPassword: string,
  salt: Uint8Array,
  iterations: number,
): Promise<ScramKeys> {
  const saltedPassword = await hi(hash, utf8(preparedPassword), salt, iterations);
  const clientKey = await hmac(hash, saltedPassword, utf8("Client Key"));
  const serverKey = await hmac(hash, saltedPassword, utf8("Server Key"));
  return { saltedPassword, clientKey, storedKey: await digest(hash, clientKey), serverKey };
}

export async function deriveScramCredentials(
  password: string,
  hash: ScramHash,
  options: DeriveOptions = {},
): Promise<ScramCredentials> {
  const iterations = options.iterations ?? DEFAULT_ITERATIONS;
  if (!Number.isSafeInteger(iterations) || iterations < MIN_ITERATIONS) {
    throw new RangeError(`SCRAM iteration count must be an integer >= ${MIN_ITERATIONS}`);
  }
  if (iterations > MAX_ITERATIONS) throw new RangeError("SCRAM iteration count is absurdly large");
  if (!(hash in { "SHA-1": 1, "SHA-256": 1, "SHA-512": 1 })) {
    throw new RangeError(`unsupported SCRAM hash ${hash}`);
  }
  const salt = options.salt ?? randomBytes(SALT_LENGTH);
  if (salt.length === 0) throw new RangeError("SCRAM salt must not be empty");
  // A password PRECIS refuses throws PrecisError here: account creation should say why.
  const keys = await scramKeys(hash, opaqueString(password), salt, iterations);
  return { salt, iterations, storedKey: keys.storedKey, serverKey: keys.serverKey };
}

/**
 * Credentials for each SCRAM hash (`options.hashes`, default all three), each with its own salt
 * unless one is given. The derivations run concurrently (WebCrypto's PBKDF2 runs off the main
 * thread in Node and browsers).
 */
export async function deriveAllCredentials(
  password: string,
  options: DeriveOptions = {},
): Promise<StoredCredentials> {
  const hashes = options.hashes ?? SCRAM_HASHES;
  if (hashes.length === 0) throw new RangeError("at least one SCRAM hash is needed");
  const derived = await Promise.all(
    hashes.map((hash) => deriveScramCredentials(password, hash, options)),
  );
  const out: StoredCredentials = {};
  hashes.forEach((hash, i) => {
    out[`SCRAM-${hash}`] = derived[i]!;
  });
  return out;
}
