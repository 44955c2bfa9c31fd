// What the interop suite needs from a server under test: where it listens, how to make accounts,
// which certificate it presents, and the known differences between servers as capabilities.
import type { ChannelBindingType, ScramHash } from "@parley/sasl";

/** A second, PLAIN-only endpoint on an unencrypted stream (to prove the client refuses it). */
export interface PlainOnlyEndpoint {
  domain: string;
  port: number;
  /** Makes an account there (password as given). */
  addUser(local: string, password: string): Promise<void>;
}

export interface TargetCapabilities {
  /** SCRAM hashes the server offers (its credential store holds keys for these). */
  scramHashes: readonly ScramHash[];
  /**
   * Channel binding types the server verifies for SCRAM-*-PLUS and announces (XEP-0440).
   * Empty when it offers no -PLUS binding our client produces (Prosody 0.12: tls-unique only).
   */
  channelBindings: readonly ChannelBindingType[];
}

export interface InteropTarget {
  /** Shown in test names. */
  readonly name: string;
  readonly domain: string;
  /** Loopback host and the ports/URL of each listener. */
  readonly host: string;
  readonly c2sPort: number;
  readonly directTlsPort: number;
  readonly webSocketUrl: string;
  /** The self-signed certificate (PEM) the server presents for `domain`. */
  readonly certificatePem: string;
  readonly capabilities: TargetCapabilities;
  addUser(local: string, password: string): Promise<void>;
  /** Another endpoint that offers PLAIN only, on a stream without TLS. */
  plainOnly(): Promise<PlainOnlyEndpoint>;
  /** Stops everything this target started; safe to call after a failed start. */
  stop(): Promise<void>;
}

const ORDER: readonly ScramHash[] = ["SHA-512", "SHA-256", "SHA-1"];

/** The mechanism our client must pick: strongest hash, -PLUS when a binding both sides have. */
export function expectedMechanism(target: InteropTarget, tls: boolean): string {
  const hash = ORDER.find((h) => target.capabilities.scramHashes.includes(h));
  if (!hash) throw new Error(`${target.name}: no SCRAM hash in its capabilities`);
  const plus = tls && target.capabilities.channelBindings.length > 0;
  return `SCRAM-${hash}${plus ? "-PLUS" : ""}`;
}

/** Every SCRAM mechanism name the capabilities promise on a TLS stream. */
export function offeredScram(target: InteropTarget, tls: boolean): string[] {
  const names: string[] = [];
  for (const h of target.capabilities.scramHashes) {
    names.push(`SCRAM-${h}`);
    if (tls && target.capabilities.channelBindings.length > 0) names.push(`SCRAM-${h}-PLUS`);
  }
  return names.sort();
}
