// Time-limited TURN credentials from a shared secret (draft-uberti-behave-turn-rest-00 §2.2, as
// coturn's `use-auth-secret` and Prosody's mod_turn_external do): username = "<expiry unix
// time>:<user>", password = base64(HMAC-SHA1(secret, username)).
import { createHmac } from "node:crypto";

export interface TurnCredentials {
  username: string;
  password: string;
  /** Unix time (seconds) at which the TURN server stops accepting them. */
  expiresAt: number;
}

export function turnRestCredentials(
  secret: string,
  user: string,
  ttlSeconds: number,
  nowMs = Date.now(),
): TurnCredentials {
  const expiresAt = Math.floor(nowMs / 1000) + Math.floor(ttlSeconds);
  const username = `${expiresAt}:${user}`;
  const password = createHmac("sha1", secret).update(username).digest("base64");
  return { username, password, expiresAt };
}

/** XEP-0082 DateTime in UTC without fractions. */
export function xepDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
