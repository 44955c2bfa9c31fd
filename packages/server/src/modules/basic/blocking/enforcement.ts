// XEP-0191 §3.3 enforcement. Outbound (pre-K/D hooks, stanzas a user's session sends): nothing
// reaches a blocked address; the sender gets not-acceptable + <blocked/>. Inbound (K/D delivery
// hooks, above the RFC 6121 rules at priority 0): nothing from a blocked address reaches the user;
// presence is dropped silently, messages and iq get/set answered with service-unavailable.
import type { Jid } from "@parley/jid";
import { NS, StanzaError, errorReply } from "@parley/stanza";
import { xml } from "@parley/xml";
import type { ModuleContext, StanzaEvent } from "../../../module-api";
import type { BlocklistStore } from "./blocklist-store";
import { isBlocked } from "./matching";
import type { PresenceNotifier } from "./presence";

/** Above the delivery rules (0) and above other modules' inbound hooks. */
export const INBOUND_PRIORITY = 1000;
const KINDS = ["message", "presence", "iq"] as const;
const DESTINATIONS = ["host", "bare", "full"] as const;

/** Stanzas that are never answered with an error (RFC 6120 §8.3.1, §8.2.3). */
function unanswerable(event: StanzaEvent): boolean {
  return (
    event.type === "error" ||
    (event.kind === "iq" && event.type !== "get" && event.type !== "set") ||
    (event.kind === "presence" && event.type === "unavailable")
  );
}

export function registerEnforcement(
  ctx: ModuleContext,
  store: BlocklistStore,
  notifier: PresenceNotifier,
): void {
  const accountOf = (jid: Jid): string | undefined =>
    jid.local !== "" && ctx.isLocalHost(jid.domain) ? jid.bare().toString() : undefined;

  async function outbound(event: StanzaEvent): Promise<true | undefined> {
    const owner = event.origin?.bareJid;
    if (!owner) return undefined;
    // The user's own account and the server itself are never blocked.
    if (event.to.bareEquals(owner) || (event.to.local === "" && ctx.isLocalHost(event.to.domain))) {
      return undefined;
    }
    if (!isBlocked(await store.get(owner.toString()), event.to)) return undefined;
    if (!unanswerable(event) && event.kind !== "presence") {
      const error = new StanzaError("not-acceptable", {
        application: xml("blocked", { xmlns: NS.BLOCKING_ERRORS }),
      });
      event.origin?.send(errorReply(event.stanza, error));
    }
    // Presence to a blocked contact is dropped without an answer: a client's directed presence
    // (or a probe answer) has nobody to show an error to.
    return true;
  }

  async function inbound(event: StanzaEvent): Promise<true | undefined> {
    if (notifier.exempt.has(event.stanza)) return undefined;
    // The sender is a local user who blocked the recipient (broadcast presence, probe answers).
    const senderAccount = accountOf(event.from);
    if (senderAccount !== undefined && event.kind === "presence" && event.type !== "error") {
      if (isBlocked(await store.get(senderAccount), event.to)) return true;
    }
    const owner = accountOf(event.to);
    if (owner === undefined || event.from.bareEquals(event.to.bare())) return undefined;
    if (!isBlocked(await store.get(owner), event.from)) return undefined;
    if (event.kind !== "presence" && !unanswerable(event)) {
      const reply = errorReply(event.stanza, new StanzaError("service-unavailable"));
      // The error seems to come from the user's address, as if the user were offline.
      if (event.origin) event.origin.send(reply);
      else await ctx.route(reply);
    }
    return true;
  }

  for (const kind of KINDS) {
    for (const dest of DESTINATIONS) {
      ctx.on<StanzaEvent>(`pre-${kind}/${dest}`, outbound, INBOUND_PRIORITY);
      if (dest !== "host") ctx.on<StanzaEvent>(`${kind}/${dest}`, inbound, INBOUND_PRIORITY);
    }
  }
}
