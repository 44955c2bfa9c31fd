// PLAIN (RFC 4616): message = [authzid] NUL authcid NUL passwd.
// The server side checks the password against stored SCRAM keys of any hash (RFC 5802 §3:
// SaltedPassword → ClientKey → StoredKey), so accounts never need a plain password stored.
import { checkAuthzid } from "../authorize.js";
import { concatBytes, constantTimeEqual, fromUtf8, utf8 } from "../bytes.js";
import { SaslError } from "../errors.js";
import { preparePassword, prepareUsername } from "../prep.js";
import { scramKeys } from "../scram/credentials.js";
import { fakeCredentials } from "../scram/fake.js";
import { guardServerMechanism } from "../server-guard.js";
import type {
  ClientMechanism,
  ScramHash,
  ServerMechanism,
  ServerMechanismContext,
} from "../types.js";

export function createPlainClient(options: {
  username: string;
  password: string;
  authzid?: string | undefined;
}): ClientMechanism {
  const authcid = prepareUsername(options.username, "malformed-request");
  const password = preparePassword(options.password, "malformed-request");
  const nul = new Uint8Array(1);
  return {
    name: "PLAIN",
    async start() {
      return concatBytes(utf8(options.authzid ?? ""), nul, utf8(authcid), nul, utf8(password));
    },
    async challenge() {
      throw new SaslError("malformed-request", "PLAIN expects no challenge");
    },
    async success() {},
  };
}

/** Which stored hash PLAIN checks against, in order of preference (any one is enough). */
const PLAIN_HASHES: readonly ScramHash[] = ["SHA-256", "SHA-512", "SHA-1"];

export function createPlainServer(ctx: ServerMechanismContext): ServerMechanism {
  return guardServerMechanism("PLAIN", async (data) => {
    if (data === null) return { type: "challenge", data: new Uint8Array(0) };
    const first = data.indexOf(0);
    const second = first < 0 ? -1 : data.indexOf(0, first + 1);
    if (second < 0 || data.indexOf(0, second + 1) >= 0) {
      throw new SaslError("malformed-request", "PLAIN message needs exactly two NUL separators");
    }
    const authzidText = fromUtf8(data.subarray(0, first));
    const username = fromUtf8(data.subarray(first + 1, second));
    const passwordText = fromUtf8(data.subarray(second + 1));
    if (username === "" || passwordText === "") {
      throw new SaslError("malformed-request", "empty authcid or password");
    }
    const authcid = prepareUsername(username);
    const password = preparePassword(passwordText);
    const stored = await ctx.lookupCredentials(authcid);
    const hash = PLAIN_HASHES.find((h) => stored?.[`SCRAM-${h}`] !== undefined);
    // Unknown user: derive anyway, so the answer takes as long as for a real account.
    const credentials = hash
      ? stored![`SCRAM-${hash}`]!
      : await fakeCredentials("SHA-256", authcid);
    const keys = await scramKeys(
      hash ?? "SHA-256",
      password,
      credentials.salt,
      credentials.iterations,
    );
    if (!constantTimeEqual(keys.storedKey, credentials.storedKey) || !hash) {
      throw new SaslError("not-authorized");
    }
    const authzid = authzidText === "" ? null : authzidText;
    await checkAuthzid(ctx, authcid, authzid);
    return { type: "success", data: null, authcid, authzid };
  });
}
