// Every server mechanism runs behind this guard: a bounded message size, no step after the
// outcome, and any exception turned into a failure step (RFC 6120 §6.5) instead of escaping.
import { SaslError } from "./errors.js";
import type { MechanismName, ServerMechanism, ServerStep } from "./types.js";

/** Far above any legitimate SASL message here; the XML layer has its own limits. */
export const MAX_MESSAGE_BYTES = 16 * 1024;

export type StepFunction = (data: Uint8Array | null) => Promise<ServerStep>;

export function failureOf(error: unknown): ServerStep {
  if (error instanceof SaslError) {
    return error.text === undefined
      ? { type: "failure", condition: error.condition }
      : { type: "failure", condition: error.condition, text: error.text };
  }
  // A storage or callback error: the client may try again later (RFC 6120 §6.5.10).
  return { type: "failure", condition: "temporary-auth-failure" };
}

export function guardServerMechanism(name: MechanismName, step: StepFunction): ServerMechanism {
  let finished = false;
  return {
    name,
    async step(data) {
      if (finished)
        return { type: "failure", condition: "malformed-request", text: "exchange is over" };
      let result: ServerStep;
      try {
        if (data !== null && data.length > MAX_MESSAGE_BYTES) {
          throw new SaslError("malformed-request", "message too large");
        }
        result = await step(data);
      } catch (error) {
        result = failureOf(error);
      }
      if (result.type !== "challenge") finished = true;
      return result;
    },
  };
}

/** A mechanism that fails at once, for names that cannot be used on this connection. */
export function refusedMechanism(name: MechanismName, step: ServerStep): ServerMechanism {
  return guardServerMechanism(name, async () => step);
}
