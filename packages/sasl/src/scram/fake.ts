// Answers for unknown users (RFC 5802 §9: do not reveal whether an account exists). The salt is
// derived from the username with a per-process secret, so asking twice gives the same salt.
import { randomBytes, utf8 } from "../bytes.js";
import { hmac } from "../crypto.js";
import type { ScramCredentials, ScramHash } from "../types.js";
import { DEFAULT_ITERATIONS, SALT_LENGTH } from "./credentials.js";

const secret = randomBytes(32);

export async function fakeCredentials(
  hash: ScramHash,
  username: string,
): Promise<ScramCredentials> {
  const mac = await hmac("SHA-256", secret, utf8(`${hash}\0${username}`));
  return {
    salt: mac.slice(0, SALT_LENGTH),
    iterations: DEFAULT_ITERATIONS,
    // Random keys: no proof can match them.
    storedKey: randomBytes(64),
    serverKey: randomBytes(64),
  };
}
