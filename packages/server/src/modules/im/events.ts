// Events the IM modules fire for each other (and for third-party modules) on top of the core's
// vocabulary (module-api.ts).
import type { Session } from "../../module-api";
import type { Element } from "@parley/xml";

/**
 * `im/available`: a session became a message target, i.e. sent available presence with a
 * non-negative priority while it was not one before (initial presence, RFC 6121 §4.2, or a change
 * from a negative priority). The offline module delivers stored messages on it (XEP-0160 §3).
 */
export const AVAILABLE_EVENT = "im/available";
export interface AvailableEvent {
  readonly session: Session;
}

/**
 * `offline/store`: store a stanza for a local account that has no available resource
 * (XEP-0160). Resolves `true` when stored, `false` when the account's queue is full; `undefined`
 * (nobody answered) means no offline module is loaded.
 */
export const OFFLINE_STORE_EVENT = "offline/store";
export interface OfflineStoreEvent {
  /** Prepared bare JID of the account. */
  readonly owner: string;
  /** The stanza as it would be delivered (with `from` and `to`). */
  readonly stanza: Element;
}
