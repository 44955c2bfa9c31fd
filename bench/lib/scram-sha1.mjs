// Client side of SCRAM-SHA-1 (RFC 5802 §3, §5) for the load generator, without channel binding
// (gs2 header "n,,"). SaltedPassword is cached per (password, salt, iterations): real clients keep it
// too (RFC 5802 §5.1 "client-side caching"), and without the cache the load generator, not the
// server, would pay every PBKDF2 (the server only stores StoredKey/ServerKey and never derives).
import { createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

const pbkdf2Async = promisify(pbkdf2);
const cache = new Map();
/** PBKDF2 runs by this process, and the iteration count the last server asked for. */
export const derivations = { count: 0, ms: 0, iterations: 0 };

const hmac = (key, text) => createHmac("sha1", key).update(text).digest();
const sha1 = (data) => createHash("sha1").update(data).digest();

// RFC 5802 §5.1: "=" and "," in a username become "=3D" and "=2C".
const saslname = (user) => user.replaceAll("=", "=3D").replaceAll(",", "=2C");

/** Starts an exchange: returns the client-first-message and a function for the server-first. */
export function scramStart(user, password) {
  const nonce = randomBytes(18).toString("base64");
  const bare = `n=${saslname(user)},r=${nonce}`;
  return {
    first: `n,,${bare}`,
    /** Server-first-message → { final, verify(serverFinal), iterations }. */
    async answer(serverFirst) {
      const attrs = Object.fromEntries(serverFirst.split(",").map((kv) => [kv[0], kv.slice(2)]));
      if (!attrs.r?.startsWith(nonce)) throw new Error("SCRAM: server nonce does not extend ours");
      const iterations = Number(attrs.i);
      derivations.iterations = iterations;
      // SaltedPassword depends on the password, salt and count only (RFC 5802 §3).
      const key = `${password}\0${attrs.s}\0${iterations}`;
      // The promise is cached, so concurrent logins with one salt share a single derivation.
      let pending = cache.get(key);
      if (!pending) {
        const started = performance.now();
        pending = pbkdf2Async(password, Buffer.from(attrs.s, "base64"), iterations, 20, "sha1");
        pending.then(
          () => {
            derivations.count++;
            derivations.ms += performance.now() - started;
          },
          () => {},
        );
        cache.set(key, pending);
      }
      const salted = await pending;
      const withoutProof = `c=biws,r=${attrs.r}`;
      const authMessage = `${bare},${serverFirst},${withoutProof}`;
      const clientKey = hmac(salted, "Client Key");
      const signature = hmac(sha1(clientKey), authMessage);
      const proof = Buffer.alloc(20);
      for (let i = 0; i < 20; i++) proof[i] = clientKey[i] ^ signature[i];
      const serverSignature = hmac(hmac(salted, "Server Key"), authMessage);
      return {
        iterations,
        final: `${withoutProof},p=${proof.toString("base64")}`,
        verify(serverFinal) {
          const v = Buffer.from(/v=([^,]+)/.exec(serverFinal)?.[1] ?? "", "base64");
          if (v.length !== 20 || !timingSafeEqual(v, serverSignature))
            throw new Error("SCRAM: bad server signature");
        },
      };
    },
  };
}

/** Prosody-style stored keys (RFC 5802 §3) for writing accounts directly. */
export async function scramSha1Keys(password, salt, iterations) {
  const salted = await pbkdf2Async(password, salt, iterations, 20, "sha1");
  return {
    storedKey: sha1(hmac(salted, "Client Key")).toString("hex"),
    serverKey: hmac(salted, "Server Key").toString("hex"),
  };
}
