// Argument checks shared by every backend, so a caller's bug fails the same way everywhere
// (a TypeError / RangeError, not a storage-specific error) instead of storing garbage.
import type { ArchivedMessage, ArchiveQuery, OfflineMessage, RosterItem } from "./types";

const subscriptions = new Set(["none", "to", "from", "both"]);

/** RFC 6121 §2.1.2: a roster item as a store may keep it. */
export function assertRosterItem(item: RosterItem): void {
  if (typeof item?.jid !== "string" || item.jid === "") {
    throw new TypeError("roster item needs a non-empty jid");
  }
  if (!subscriptions.has(item.subscription)) {
    throw new TypeError(`invalid roster subscription ${String(item.subscription)}`);
  }
  if (item.ask !== undefined && item.ask !== "subscribe") {
    throw new TypeError(`invalid roster ask ${String(item.ask)}`);
  }
  if (item.name !== undefined && typeof item.name !== "string") {
    throw new TypeError("roster item name must be a string");
  }
  if (!Array.isArray(item.groups) || !item.groups.every((g) => typeof g === "string")) {
    throw new TypeError("roster item groups must be an array of strings");
  }
}

export function assertOfflineMessage(message: OfflineMessage): void {
  if (typeof message?.xml !== "string") throw new TypeError("offline message xml must be a string");
  if (!(message.stamp instanceof Date) || Number.isNaN(message.stamp.getTime())) {
    throw new TypeError("offline message stamp must be a valid Date");
  }
}

/** An offline queue limit: absent (unbounded) or a non-negative integer. */
export function assertLimit(limit: number | undefined): void {
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) {
    throw new RangeError(`offline limit must be a non-negative integer, got ${limit}`);
  }
}

/** Order of `list()` and `entries()` in every backend: UTF-16 code units, as `Array#sort`. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const validDate = (d: unknown): d is Date => d instanceof Date && !Number.isNaN(d.getTime());

/** An archived message as every ArchiveStore accepts it (XEP-0313). */
export function assertArchivedMessage(message: ArchivedMessage): void {
  if (typeof message?.id !== "string" || message.id === "") {
    throw new TypeError("archived message needs a non-empty string id");
  }
  if (!validDate(message.stamp)) throw new TypeError("archived message stamp must be a valid Date");
  if (typeof message.with !== "string")
    throw new TypeError("archived message with must be a string");
  if (typeof message.withResource !== "string") {
    throw new TypeError("archived message withResource must be a string");
  }
  if (message.direction !== "in" && message.direction !== "out") {
    throw new TypeError(`archived message direction must be "in" or "out"`);
  }
  if (typeof message.xml !== "string") throw new TypeError("archived message xml must be a string");
}

/** An archive query: a page size and well-formed optional filters. */
export function assertArchiveQuery(query: ArchiveQuery): void {
  if (!Number.isSafeInteger(query?.max) || query.max < 0) {
    throw new RangeError(`archive query max must be a non-negative integer, got ${query?.max}`);
  }
  for (const key of ["start", "end"] as const) {
    if (query[key] !== undefined && !validDate(query[key])) {
      throw new TypeError(`archive query ${key} must be a valid Date`);
    }
  }
  for (const key of ["with", "withResource", "afterId", "beforeId", "after", "before"] as const) {
    if (query[key] !== undefined && typeof query[key] !== "string") {
      throw new TypeError(`archive query ${key} must be a string`);
    }
  }
  if (query.withResource !== undefined && query.with === undefined) {
    throw new TypeError("archive query withResource needs with");
  }
  if (
    query.ids !== undefined &&
    !(Array.isArray(query.ids) && query.ids.every((i) => typeof i === "string"))
  ) {
    throw new TypeError("archive query ids must be an array of strings");
  }
}
