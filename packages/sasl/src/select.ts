// Client mechanism choice: the strongest mechanism both sides can run (RFC 6120 §6.3.3).
import { SaslError } from "./errors.js";
import { PASSWORD_MECHANISMS_BY_STRENGTH, scramVariant } from "./names.js";
import type { ChannelBindingType, MechanismName } from "./types.js";

export interface SelectOptions {
  /** Whether the stream is protected by TLS. */
  encrypted: boolean;
  /** Allow PLAIN on an unencrypted stream (off by default). */
  allowPlainWithoutTls?: boolean;
  /** Binding types this client can produce on this connection, preferred first. */
  channelBindingTypes?: readonly ChannelBindingType[];
  /** Types the server announced with XEP-0440 <sasl-channel-binding/>, if it did. */
  serverChannelBindingTypes?: readonly ChannelBindingType[];
  hasPassword: boolean;
  hasClientCertificate?: boolean;
  /** Fall back to ANONYMOUS when there is no password. */
  allowAnonymous?: boolean;
}

export interface MechanismChoice {
  name: MechanismName;
  /** For -PLUS: the binding type to use. */
  channelBindingType?: ChannelBindingType;
  /** Pass on to createClientMechanism: did the server offer -PLUS at all? */
  serverSupportsChannelBinding: boolean;
}

/** Throws SaslError mechanism-too-weak (only PLAIN without TLS) or invalid-mechanism. */
export function selectClientMechanism(
  offered: readonly string[],
  options: SelectOptions,
): MechanismChoice {
  const has = new Set(offered);
  const serverSupportsChannelBinding = offered.some((n) => scramVariant(n)?.plus === true);
  const bindingType = chooseBindingType(options);
  const choice = (name: MechanismName, type?: ChannelBindingType): MechanismChoice =>
    type
      ? { name, channelBindingType: type, serverSupportsChannelBinding }
      : { name, serverSupportsChannelBinding };

  if (options.hasClientCertificate && has.has("EXTERNAL")) return choice("EXTERNAL");
  let plainTooWeak = false;
  if (options.hasPassword) {
    for (const name of PASSWORD_MECHANISMS_BY_STRENGTH) {
      if (!has.has(name)) continue;
      const plus = scramVariant(name)?.plus === true;
      if (plus && !bindingType) continue;
      if (name === "PLAIN" && !options.encrypted && !options.allowPlainWithoutTls) {
        plainTooWeak = true;
        continue;
      }
      return choice(name, plus ? bindingType : undefined);
    }
  }
  if (options.allowAnonymous && has.has("ANONYMOUS")) return choice("ANONYMOUS");
  if (plainTooWeak) {
    throw new SaslError(
      "mechanism-too-weak",
      "only PLAIN is offered and the stream is not encrypted",
    );
  }
  throw new SaslError("invalid-mechanism", "no offered mechanism is usable");
}

/**
 * The first client type the server announced (XEP-0440). A server that announces nothing must
 * still support tls-server-end-point (XEP-0440 §4 makes it mandatory), so use that if we can.
 */
function chooseBindingType(options: SelectOptions): ChannelBindingType | undefined {
  const mine = options.channelBindingTypes ?? [];
  const theirs = options.serverChannelBindingTypes;
  if (theirs === undefined) return mine.find((t) => t === "tls-server-end-point");
  return mine.find((t) => theirs.includes(t));
}
