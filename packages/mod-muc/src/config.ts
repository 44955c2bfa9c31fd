// The module's section of the server config:
// `modules: { muc: { domain, historyLength, archiveSize, maxHistoryFetch, name } }`.
import { MucConfigError } from "./errors";

export interface MucConfig {
  /** Service domain; default `conference.<domain>` for every served domain. */
  domain: string | undefined;
  /** Service name in disco#info (XEP-0030 identity name). */
  name: string;
  /** Default number of history messages sent on join (muc#maxhistoryfetch of new rooms). */
  historyLength: number;
  /** Upper bound of a room's muc#maxhistoryfetch. */
  maxHistoryFetch: number;
  /** Groupchat messages kept per room for history and MAM (XEP-0313). */
  archiveSize: number;
}

export const DEFAULT_HISTORY_LENGTH = 20;
export const DEFAULT_ARCHIVE_SIZE = 1000;

function count(config: Readonly<Record<string, unknown>>, key: string, fallback: number): number {
  const value = config[key];
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new MucConfigError(`modules.muc.${key} must be an integer >= 0, got ${String(value)}`);
  }
  return value;
}

export function readMucConfig(config: Readonly<Record<string, unknown>>): MucConfig {
  const domain = config.domain;
  if (
    domain !== undefined &&
    (typeof domain !== "string" || domain === "" || domain.includes("@") || domain.includes("/"))
  ) {
    throw new MucConfigError(`modules.muc.domain must be a domain name, got ${String(domain)}`);
  }
  const name = config.name ?? "Chatrooms";
  if (typeof name !== "string") throw new MucConfigError("modules.muc.name must be a string");
  const archiveSize = count(config, "archiveSize", DEFAULT_ARCHIVE_SIZE);
  const maxHistoryFetch = count(config, "maxHistoryFetch", Math.min(100, archiveSize));
  const historyLength = count(
    config,
    "historyLength",
    Math.min(DEFAULT_HISTORY_LENGTH, maxHistoryFetch),
  );
  if (historyLength > maxHistoryFetch || maxHistoryFetch > archiveSize) {
    throw new MucConfigError(
      "modules.muc: historyLength <= maxHistoryFetch <= archiveSize is required",
    );
  }
  return { domain, name, historyLength, maxHistoryFetch, archiveSize };
}
