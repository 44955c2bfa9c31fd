// Mechanism names, their hashes and their order of strength.
import type { MechanismName, ScramHash, ScramMechanismName } from "./types.js";

/** Password mechanisms, strongest first (the order: -PLUS first, then by hash). */
export const PASSWORD_MECHANISMS_BY_STRENGTH: readonly MechanismName[] = [
  "SCRAM-SHA-512-PLUS",
  "SCRAM-SHA-256-PLUS",
  "SCRAM-SHA-1-PLUS",
  "SCRAM-SHA-512",
  "SCRAM-SHA-256",
  "SCRAM-SHA-1",
  "PLAIN",
];

export const SCRAM_HASHES: readonly ScramHash[] = ["SHA-512", "SHA-256", "SHA-1"];

export interface ScramVariant {
  hash: ScramHash;
  plus: boolean;
  /** Key into StoredCredentials (the name without -PLUS). */
  credentialsKey: "SCRAM-SHA-1" | "SCRAM-SHA-256" | "SCRAM-SHA-512";
}

export function scramVariant(name: string): ScramVariant | undefined {
  const match = /^SCRAM-(SHA-1|SHA-256|SHA-512)(-PLUS)?$/.exec(name);
  if (!match) return undefined;
  const hash = match[1] as ScramHash;
  return { hash, plus: match[2] !== undefined, credentialsKey: `SCRAM-${hash}` };
}

export function scramName(hash: ScramHash, plus: boolean): ScramMechanismName {
  return `SCRAM-${hash}${plus ? "-PLUS" : ""}` as ScramMechanismName;
}

export function isMechanismName(name: string): name is MechanismName {
  return (
    name === "PLAIN" ||
    name === "ANONYMOUS" ||
    name === "EXTERNAL" ||
    scramVariant(name) !== undefined
  );
}
