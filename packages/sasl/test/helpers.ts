// Shared test helpers: an in-memory account store and a loop that runs a client mechanism
// against a server mechanism, as the XML layer would.
import { deriveAllCredentials } from "../src/scram/credentials.js";
import type {
  ClientMechanism,
  ServerMechanism,
  ServerMechanismContext,
  ServerStep,
  StoredCredentials,
} from "../src/types.js";

export const utf8 = (s: string) => new TextEncoder().encode(s);
export const text = (b: Uint8Array | null) => (b === null ? null : new TextDecoder().decode(b));

/** Credentials per user, derived with the RFC minimum iteration count to keep tests quick. */
export async function accounts(
  users: Record<string, string>,
): Promise<Map<string, StoredCredentials>> {
  const map = new Map<string, StoredCredentials>();
  for (const [user, password] of Object.entries(users)) {
    map.set(user, await deriveAllCredentials(password, { iterations: 4096 }));
  }
  return map;
}

export function contextFor(
  store: Map<string, StoredCredentials>,
  extra: Partial<ServerMechanismContext> = {},
): ServerMechanismContext {
  return {
    encrypted: true,
    async lookupCredentials(username) {
      return store.get(username);
    },
    ...extra,
  };
}

export interface ExchangeResult {
  /** The server's last step. */
  server: ServerStep;
  /** What the client threw, if it threw (start, challenge or success). */
  clientError?: unknown;
  /** Every message, in order, as [side, bytes]. */
  transcript: Array<["client" | "server", Uint8Array | null]>;
}

/** Run one exchange; `tamper` may rewrite each client message before the server sees it. */
export async function exchange(
  client: ClientMechanism,
  server: ServerMechanism,
  tamper: (message: Uint8Array | null, index: number) => Uint8Array | null = (m) => m,
): Promise<ExchangeResult> {
  const transcript: ExchangeResult["transcript"] = [];
  let index = 0;
  let outgoing: Uint8Array | null;
  try {
    outgoing = await client.start();
  } catch (clientError) {
    return { server: { type: "failure", condition: "aborted" }, clientError, transcript };
  }
  for (;;) {
    const sent = tamper(outgoing, index++);
    transcript.push(["client", sent]);
    const step = await server.step(sent);
    transcript.push(["server", step.type === "failure" ? null : step.data]);
    try {
      if (step.type === "failure") return { server: step, transcript };
      if (step.type === "success") {
        await client.success(step.data);
        return { server: step, transcript };
      }
      outgoing = await client.challenge(step.data);
    } catch (clientError) {
      return { server: step, clientError, transcript };
    }
  }
}
