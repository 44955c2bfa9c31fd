// What happens to stanzas the client never acknowledged when its session really ends (resumption
// timeout, clean close, shutdown): messages go to offline storage through the `offline/store`
// event (XEP-0160) so that none is lost; iq requests get an error reply (RFC 6120 §8.3.3.16);
// presence is dropped (the contact's current presence reaches the next session by probe).
import type { ModuleContext, Session } from "@parley/server";
import { NS, StanzaError, errorReply } from "@parley/stanza";
import type { Element } from "@parley/xml";

/** The event of the offline module of @parley/server (`{ owner, stanza }` → true | false). */
export const OFFLINE_STORE_EVENT = "offline/store";

/** RFC 6121 §8.5.2: chat and normal messages are stored; not chat states alone, not no-store. */
export function storableMessage(stanza: Element): boolean {
  const type = stanza.attr("type") ?? "normal";
  if (type !== "chat" && type !== "normal") return false;
  const children = stanza.elements();
  const noStore = children.some(
    (c) =>
      c.ns === NS.HINTS && (c.localName === "no-store" || c.localName === "no-permanent-store"),
  );
  return !noStore && children.some((c) => c.ns !== NS.CHATSTATES);
}

export async function handleUndelivered(
  ctx: ModuleContext,
  session: Session,
  stanzas: readonly Element[],
): Promise<void> {
  const owner = session.bareJid?.toString();
  if (!owner) return;
  for (const stanza of stanzas) {
    try {
      if (stanza.localName === "message") {
        if (!storableMessage(stanza)) continue;
        const stored = await ctx.fire(OFFLINE_STORE_EVENT, { owner, stanza });
        if (stored !== true) {
          ctx.log.warn("an unacknowledged message could not be stored offline", {
            owner,
            outcome: String(stored),
          });
        }
      } else if (stanza.localName === "iq") {
        const type = stanza.attr("type");
        if ((type === "get" || type === "set") && stanza.attr("from") !== undefined) {
          const error = new StanzaError("recipient-unavailable", {
            text: "the recipient's session ended before it handled the request",
            lang: "en",
          });
          await ctx.route(errorReply(stanza, error));
        }
      }
    } catch (error) {
      ctx.log.error("handling an unacknowledged stanza failed", { owner, error: String(error) });
    }
  }
}
