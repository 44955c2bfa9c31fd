// SCRAM derivation for many accounts at once. PBKDF2 (RFC 8018 §5.2) is the whole cost of an
// import; WebCrypto's deriveBits runs it on the libuv threadpool, so keeping enough derivations
// in flight uses every core while the main thread stays free.
import { availableParallelism } from "node:os";
import { deriveAllCredentials } from "@parley/sasl";
import type { ScramHash, StoredCredentials } from "@parley/sasl";

/** Derives credentials for every password, at most `concurrency` accounts in flight. */
export async function deriveMany(
  passwords: readonly string[],
  options: { iterations: number; hashes?: readonly ScramHash[]; concurrency?: number },
): Promise<StoredCredentials[]> {
  const out = new Array<StoredCredentials>(passwords.length);
  const concurrency = options.concurrency ?? Math.max(4, availableParallelism() * 4);
  let next = 0;
  const worker = async () => {
    while (next < passwords.length) {
      const i = next++;
      out[i] = await deriveAllCredentials(passwords[i] as string, {
        iterations: options.iterations,
        hashes: options.hashes,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, passwords.length) }, worker));
  return out;
}
