// Where the subscription state of (account, contact) lives: the roster item (subscription, ask,
// approved) and, for Pending In, a key-value entry holding the subscription request to re-deliver
// at each login until it is answered (RFC 6121 §3.1.3). A pending request from someone not in the
// roster does not create a roster item (the user has not added them), so the key-value entry is
// the record of truth for Pending In; the roster item's `pendingIn` mirrors it whenever the item is written.
import type { RosterItem, Storage } from "@parley/storage";
import { NO_SUBSCRIPTION, type SubState, stateOf, subscriptionOf } from "./state";

export const PENDING_IN_STORE = "roster-pending-in";

export interface ContactRecord {
  readonly item: RosterItem | undefined;
  readonly state: SubState;
}

export async function loadContact(
  storage: Storage,
  owner: string,
  contact: string,
): Promise<ContactRecord> {
  const [item, pending] = await Promise.all([
    storage.roster.getItem(owner, contact),
    storage.kv.get(PENDING_IN_STORE, owner, contact),
  ]);
  const pendingIn = pending !== undefined;
  if (!item) return { item, state: { ...NO_SUBSCRIPTION, pendingIn } };
  return {
    item,
    state: stateOf(item.subscription, {
      pendingOut: item.ask === "subscribe",
      pendingIn,
      approved: item.approved === true,
    }),
  };
}

export interface SaveResult {
  /** The roster item after the change, when the contact is (now) in the roster. */
  readonly item: RosterItem | undefined;
  /** New roster version when the item was written with a visible change (needs a push). */
  readonly version: string | undefined;
}

/**
 * Writes `next`. The roster item is written when it exists or `createItem` is set, and only when
 * something a client sees changed (subscription, ask, approved), so `version` tells the caller
 * to send a roster push (RFC 6121 §2.1.6). `pendingStanza` is the request kept for re-delivery.
 */
export async function saveContact(
  storage: Storage,
  owner: string,
  contact: string,
  record: ContactRecord,
  next: SubState,
  options: { createItem?: boolean; pendingStanza?: string } = {},
): Promise<SaveResult> {
  if (next.pendingIn && !record.state.pendingIn) {
    await storage.kv.set(PENDING_IN_STORE, owner, contact, options.pendingStanza ?? "");
  } else if (!next.pendingIn && record.state.pendingIn) {
    await storage.kv.set(PENDING_IN_STORE, owner, contact, undefined);
  }
  const base: Pick<RosterItem, "name" | "groups"> | undefined =
    record.item ?? (options.createItem ? { groups: [] } : undefined);
  if (!base) return { item: undefined, version: undefined };
  const item: RosterItem = {
    jid: contact,
    groups: [...(base.groups ?? [])],
    subscription: subscriptionOf(next),
  };
  if (base.name !== undefined) item.name = base.name;
  if (next.pendingOut) item.ask = "subscribe";
  if (next.pendingIn) item.pendingIn = true;
  if (next.approved) item.approved = true;
  const visible =
    !record.item ||
    record.item.subscription !== item.subscription ||
    record.item.ask !== item.ask ||
    (record.item.approved === true) !== (item.approved === true);
  // A change clients cannot see is not written: a new version without a push would make
  // XEP-0237 clients refetch the whole roster for nothing.
  if (!visible) return { item, version: undefined };
  return { item, version: await storage.roster.setItem(owner, item) };
}

/** The stored subscription requests waiting for the owner's answer, as XML strings. */
export async function pendingRequests(
  storage: Storage,
  owner: string,
): Promise<[string, string][]> {
  return storage.kv.entries(PENDING_IN_STORE, owner);
}
