// XEP-0191 §3.3 / §3.4: on block, the contact gets unavailable presence from each of the user's
// available resources; on unblock, the current presence again — only where the contact may see
// the user's presence (RFC 6121 §4: subscription "from" or "both").
import { tryParseJid } from "@parley/jid";
import { presence } from "@parley/stanza";
import type { Element } from "@parley/xml";
import type { ModuleContext } from "../../../module-api";
import { isBlocked } from "./matching";

export interface PresenceNotifier {
  unavailable(owner: string, blocked: readonly string[]): Promise<void>;
  available(owner: string, unblocked: readonly string[]): Promise<void>;
  /** Stanzas this notifier routed: the enforcement hooks let them through. */
  readonly exempt: WeakSet<Element>;
}

export function createPresenceNotifier(ctx: ModuleContext): PresenceNotifier {
  const exempt = new WeakSet<Element>();

  /** Subscribed contacts covered by the items, with the exact address to write to. */
  async function targets(owner: string, items: readonly string[]): Promise<string[]> {
    if (items.length === 0) return [];
    const set = new Set(items);
    const out: string[] = [];
    for (const item of (await ctx.storage.roster.get(owner)).items) {
      if (item.subscription !== "from" && item.subscription !== "both") continue;
      const contact = tryParseJid(item.jid);
      if (!contact) continue;
      if (isBlocked(set, contact)) out.push(item.jid);
      else out.push(...items.filter((j) => j.startsWith(`${item.jid}/`)));
    }
    return out;
  }

  async function send(
    owner: string,
    items: readonly string[],
    make: (p: Element) => Element | undefined,
  ) {
    const to = await targets(owner, items);
    if (to.length === 0) return;
    for (const session of ctx.sessionsOf(owner)) {
      if (!session.presence || !session.jid) continue;
      for (const target of to) {
        const stanza = make(session.presence);
        if (!stanza) continue;
        stanza.setAttr("from", session.jid.toString()).setAttr("to", target);
        exempt.add(stanza);
        await ctx.route(stanza);
      }
    }
  }

  return {
    exempt,
    unavailable: (owner, blocked) => send(owner, blocked, () => presence({ type: "unavailable" })),
    available: (owner, unblocked) =>
      send(owner, unblocked, (current) => {
        const copy = current.clone();
        copy.setAttr("id", undefined);
        return copy;
      }),
  };
}
