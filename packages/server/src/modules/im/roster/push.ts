// Roster pushes (RFC 6121 §2.1.6): an iq set to every interested resource of the owner, with
// the new roster version (XEP-0237 §4 / RFC 6121 §2.6.3).
import { iq } from "@parley/stanza";
import type { RosterItem } from "@parley/storage";
import type { ModuleContext } from "../../../module-api";
import { itemElement, queryElement, removedItemElement } from "./items";

/** Pushes one item (or its removal, when `item` is a JID string) to the owner's interested resources. */
export function pushRosterItem(
  ctx: ModuleContext,
  owner: string,
  item: RosterItem | string,
  version: string,
): void {
  const el = typeof item === "string" ? removedItemElement(item) : itemElement(item);
  for (const session of ctx.sessionsOf(owner)) {
    if (!session.interested || !session.jid) continue;
    // Each push has its own id: clients answer them one by one (§2.1.6).
    session.send(iq({ type: "set", to: session.jid }, queryElement(version, [el.clone()])));
  }
}
