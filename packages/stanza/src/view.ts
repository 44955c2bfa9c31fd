import type { Element } from "@parley/xml";
import { IqView } from "./iq";
import { MessageView } from "./message";
import { PresenceView } from "./presence";

export type AnyStanzaView = MessageView | PresenceView | IqView;

/** The typed view matching the element's name, or undefined for a non-stanza element. */
export function viewOf(el: Element): AnyStanzaView | undefined {
  switch (el.localName) {
    case "message":
      return new MessageView(el);
    case "presence":
      return new PresenceView(el);
    case "iq":
      return new IqView(el);
    default:
      return undefined;
  }
}

/** True for <message/>, <presence/> and <iq/> (RFC 6120 §8). */
export function isStanza(el: Element): boolean {
  return el.localName === "message" || el.localName === "presence" || el.localName === "iq";
}
