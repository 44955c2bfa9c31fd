// The module's section of the server config: `modules: { csi: { maxHeld } }`.
import { CsiConfigError } from "./errors";

export interface CsiConfig {
  /** Stanzas held back for an inactive client before they are all sent anyway; default 100. */
  maxHeld: number;
}

export const DEFAULT_MAX_HELD = 100;

export function readCsiConfig(config: Readonly<Record<string, unknown>>): CsiConfig {
  const value = config.maxHeld;
  if (value === undefined) return { maxHeld: DEFAULT_MAX_HELD };
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new CsiConfigError(`modules.csi.maxHeld must be an integer >= 1, got ${String(value)}`);
  }
  return { maxHeld: value };
}
