// Answers for unknown users (RFC 5802 §9: do not reveal whether an account exists). The salt is
// derived from the username with a secret, so asking twice gives the same salt; the iteration
// count is the one real accounts are given. A server that runs more than once passes a secret it
// keeps (FakeCredentialsOptions): with the per-process default, a salt that changes across a
// restart would single out the usernames that have no account.
import { randomBytes, utf8 } from "../bytes.js";
import { hmac } from "../crypto.js";
import type { FakeCredentialsOptions, ScramCredentials, ScramHash } from "../types.js";
import { DEFAULT_ITERATIONS, SALT_LENGTH } from "./credentials.js";

const processSecret = randomBytes(32);

export async function fakeCredentials(
  hash: ScramHash,
  username: string,
  options: FakeCredentialsOptions = {},
): Promise<ScramCredentials> {
  const secret = options.secret ?? processSecret;
  const mac = await hmac("SHA-256", secret, utf8(`${hash}\0${username}`));
  return {
    salt: mac.slice(0, SALT_LENGTH),
    iterations: options.iterations ?? DEFAULT_ITERATIONS,
    // Random keys: no proof can match them.
    storedKey: randomBytes(64),
    serverKey: randomBytes(64),
  };
}
