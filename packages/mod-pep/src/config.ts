// The module's section of the server config: `modules: { pep: { … } }`.
import { PepConfigError } from "./errors";

export interface PepConfig {
  /** max_items of a node created without one (XEP-0060 §16.4.3 leaves the default to us). */
  defaultMaxItems: number;
  /** Upper bound of max_items; "max" means this many. */
  maxItems: number;
  /** Nodes per account. */
  maxNodes: number;
  /** Bytes of one serialized item payload. */
  maxItemBytes: number;
  /** Entity-capabilities verification strings remembered (XEP-0115 §8.4 caching). */
  capsCacheSize: number;
  /** How long to wait for a client's caps disco#info answer. */
  capsTimeoutMs: number;
  /** XEP-0398 avatar conversion between PEP and vcard-temp (the built-in vcard module). */
  vcardConversion: boolean;
  /**
   * Largest vCard (serialized bytes) the PEP → vCard conversion writes; a bigger avatar leaves
   * the vCard without PHOTO. Keep it below the stanza limit (256 KiB) so the vCard can be served.
   */
  vcardMaxBytes: number;
}

export const DEFAULT_PEP_CONFIG: Readonly<PepConfig> = {
  defaultMaxItems: 1,
  maxItems: 256,
  maxNodes: 256,
  maxItemBytes: 256 * 1024,
  capsCacheSize: 1000,
  capsTimeoutMs: 10_000,
  vcardConversion: true,
  vcardMaxBytes: 128 * 1024,
};

export function readPepConfig(config: Readonly<Record<string, unknown>>): PepConfig {
  const out: PepConfig = { ...DEFAULT_PEP_CONFIG };
  const values = out as unknown as Record<string, unknown>;
  for (const key of Object.keys(out) as (keyof PepConfig)[]) {
    const value = config[key];
    if (value === undefined) continue;
    if (typeof DEFAULT_PEP_CONFIG[key] === "boolean") {
      if (typeof value !== "boolean") {
        throw new PepConfigError(`modules.pep.${key} must be true or false, got ${String(value)}`);
      }
    } else if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
      throw new PepConfigError(`modules.pep.${key} must be an integer >= 1, got ${String(value)}`);
    }
    values[key] = value;
  }
  for (const key of Object.keys(config)) {
    if (!(key in out)) throw new PepConfigError(`modules.pep.${key} is not a known setting`);
  }
  if (out.defaultMaxItems > out.maxItems) {
    throw new PepConfigError("modules.pep.defaultMaxItems must not exceed modules.pep.maxItems");
  }
  return out;
}
