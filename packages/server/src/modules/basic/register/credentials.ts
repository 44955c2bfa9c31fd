// Passwords become SCRAM credentials at once (RFC 5802 §3); the password itself is never stored.
import { type ScramHash, type StoredCredentials, deriveAllCredentials } from "@parley/sasl";
import { StanzaError } from "@parley/stanza";

/** Derives credentials; a password PRECIS OpaqueString refuses is not-acceptable. */
export async function credentialsFor(
  password: string,
  iterations: number,
  hashes?: readonly ScramHash[],
): Promise<StoredCredentials> {
  try {
    return await deriveAllCredentials(password, { iterations, hashes });
  } catch (e) {
    // PrecisError (RFC 8265 §4.2 OpaqueString): empty after preparation, control characters, …
    if (e instanceof Error && e.name === "PrecisError") {
      throw new StanzaError("not-acceptable", { text: "the password is not acceptable" });
    }
    throw e;
  }
}
