// The module's section of the server config:
// `modules: { mam: { defaultPolicy, defaultPageSize, maxPageSize } }`.
import { MamConfigError } from "./errors";

export type ArchivePolicy = "always" | "never" | "roster";

export interface MamConfig {
  /** Archiving default for users who set no preferences (XEP-0441 §2.1.1). Default "always". */
  defaultPolicy: ArchivePolicy;
  /** Page size when a query has no RSM <max/> (default 50). */
  defaultPageSize: number;
  /** Largest page sent for one query; a larger <max/> is clamped (XEP-0313 §4.3.1). Default 250. */
  maxPageSize: number;
}

const POLICIES: readonly string[] = ["always", "never", "roster"];

function size(config: Readonly<Record<string, unknown>>, key: string, fallback: number): number {
  const value = config[key];
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new MamConfigError(`modules.mam.${key} must be an integer >= 1, got ${String(value)}`);
  }
  return value;
}

export function readMamConfig(config: Readonly<Record<string, unknown>>): MamConfig {
  const policy = config.defaultPolicy ?? "always";
  if (typeof policy !== "string" || !POLICIES.includes(policy)) {
    throw new MamConfigError(
      `modules.mam.defaultPolicy must be one of ${POLICIES.join(", ")}, got ${String(policy)}`,
    );
  }
  const maxPageSize = size(config, "maxPageSize", 250);
  const defaultPageSize = size(config, "defaultPageSize", Math.min(50, maxPageSize));
  if (defaultPageSize > maxPageSize) {
    throw new MamConfigError("modules.mam.defaultPageSize must not exceed maxPageSize");
  }
  return { defaultPolicy: policy as ArchivePolicy, defaultPageSize, maxPageSize };
}
