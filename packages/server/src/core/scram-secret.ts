// The key of the fake SCRAM salts shown for unknown usernames (RFC 5802 §9, @parley/sasl
// FakeCredentialsOptions). It is kept in storage, so that an unknown user's salt is the same
// after a restart and on every node sharing the database: a salt that changed with the process
// while real accounts keep theirs would tell the two apart.
import { randomBytes } from "node:crypto";
import type { KeyValueStore } from "@parley/storage";

export const SERVER_STORE = "server";
export const SCRAM_SECRET_KEY = "scram-fake-salt-secret";
const SECRET_BYTES = 32;

/** Reads the secret, creating it on first use. */
export async function loadScramSecret(kv: KeyValueStore): Promise<Uint8Array> {
  const stored = await kv.get(SERVER_STORE, "", SCRAM_SECRET_KEY);
  const decoded = stored === undefined ? undefined : Buffer.from(stored, "base64");
  if (decoded && decoded.length >= SECRET_BYTES) return new Uint8Array(decoded);
  await kv.set(SERVER_STORE, "", SCRAM_SECRET_KEY, randomBytes(SECRET_BYTES).toString("base64"));
  // Read back: of two nodes starting together on one database, both keep the value that won.
  const written = await kv.get(SERVER_STORE, "", SCRAM_SECRET_KEY);
  return new Uint8Array(Buffer.from(written!, "base64"));
}
