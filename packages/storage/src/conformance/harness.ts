// Shared pieces of the conformance suite: the storage under test and test data builders.
import type { StoredCredentials } from "@parley/sasl";
import type { RosterItem, Storage } from "../types";

/** Gives each test the fresh storage opened for it in `beforeEach`. */
export interface Harness {
  readonly storage: Storage;
}

let seed = 1;
/** Deterministic bytes (a small LCG), so failures reproduce; every byte value shows up. */
export function bytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    out[i] = seed >>> 24;
  }
  return out;
}

/** Credentials for all three hashes, with odd lengths and every byte value 0..255 in a salt. */
export function credentials(iterations = 4096): StoredCredentials {
  const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);
  return {
    "SCRAM-SHA-1": { salt: allBytes, iterations, storedKey: bytes(20), serverKey: bytes(20) },
    "SCRAM-SHA-256": {
      salt: bytes(17),
      iterations: iterations + 1,
      storedKey: bytes(32),
      serverKey: bytes(32),
    },
    "SCRAM-SHA-512": {
      salt: bytes(1),
      iterations: 2 ** 31 - 1,
      storedKey: bytes(64),
      serverKey: bytes(64),
    },
  };
}

/** Credentials for one hash only: the others must come back absent, not empty. */
export function sha256Only(): StoredCredentials {
  return {
    "SCRAM-SHA-256": {
      salt: bytes(16),
      iterations: 10_000,
      storedKey: bytes(32),
      serverKey: bytes(32),
    },
  };
}

/** Plain arrays instead of Uint8Arrays, so a mismatch prints readably and compares exactly. */
export function credentialBytes(c: StoredCredentials | undefined): unknown {
  if (!c) return c;
  return Object.fromEntries(
    Object.entries(c).map(([hash, s]) => [
      hash,
      s && {
        salt: [...s.salt],
        iterations: s.iterations,
        storedKey: [...s.storedKey],
        serverKey: [...s.serverKey],
      },
    ]),
  );
}

/** A roster item with false / undefined flags dropped: stores may keep either form. */
export function normalizeItem(item: RosterItem | undefined): Partial<RosterItem> | undefined {
  if (!item) return item;
  const out: Partial<RosterItem> = {
    jid: item.jid,
    subscription: item.subscription,
    groups: [...item.groups],
  };
  if (item.name !== undefined) out.name = item.name;
  if (item.ask) out.ask = item.ask;
  if (item.pendingIn) out.pendingIn = true;
  if (item.approved) out.approved = true;
  return out;
}

export const byJid = (a: { jid: string }, b: { jid: string }) =>
  a.jid < b.jid ? -1 : a.jid > b.jid ? 1 : 0;
