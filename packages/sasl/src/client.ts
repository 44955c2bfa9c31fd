// Client-side factory: one entry point for every mechanism.
import { SaslError } from "./errors.js";
import { createAnonymousClient } from "./mechanisms/anonymous.js";
import { createExternalClient } from "./mechanisms/external.js";
import { createPlainClient } from "./mechanisms/plain.js";
import { scramVariant } from "./names.js";
import { createScramClient } from "./scram/client.js";
import type {
  ChannelBindingType,
  ClientMechanism,
  MechanismName,
  ScramMechanismName,
} from "./types.js";

export interface ClientMechanismOptions {
  username?: string;
  password?: string;
  authzid?: string;
  /** Channel-binding data of the TLS connection; required by the -PLUS mechanisms. */
  channelBinding?: { type: ChannelBindingType; data: Uint8Array };
  /** Whether the server offered any -PLUS mechanism (RFC 5802 §6: chooses flag "y" or "n"). */
  serverSupportsChannelBinding?: boolean;
  /** SCRAM: refuse server iteration counts outside [minIterations, maxIterations]. */
  minIterations?: number;
  maxIterations?: number;
  /** ANONYMOUS trace (RFC 4505 §3). */
  trace?: string;
}

/** Throws SaslError when the options cannot drive that mechanism. */
export function createClientMechanism(
  name: MechanismName,
  options: ClientMechanismOptions = {},
): ClientMechanism {
  const needPassword = () => {
    if (options.username === undefined || options.password === undefined) {
      throw new SaslError("invalid-mechanism", `${name} needs a username and a password`);
    }
    return { ...options, username: options.username, password: options.password };
  };
  if (name === "PLAIN") return createPlainClient(needPassword());
  if (name === "ANONYMOUS") return createAnonymousClient(options);
  if (name === "EXTERNAL") return createExternalClient(options);
  const variant = scramVariant(name);
  if (!variant) throw new SaslError("invalid-mechanism", `unknown mechanism ${String(name)}`);
  return createScramClient(name as ScramMechanismName, variant, needPassword());
}
