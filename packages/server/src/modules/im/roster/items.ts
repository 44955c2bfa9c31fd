// Roster items on the wire (RFC 6121 §2.1.2) and the validation of a roster set (§2.3.3).
import { Jid, JidError } from "@parley/jid";
import { NS, StanzaError } from "@parley/stanza";
import type { RosterItem } from "@parley/storage";
import { Element } from "@parley/xml";

/** Longest item name and group name accepted (RFC 6121 §2.3.3 leaves the limit to the server). */
export const MAX_NAME_LENGTH = 1023;

/** `<item/>` as sent in a roster result or push. Pre-approval shows as approved='true' (§3.4). */
export function itemElement(item: RosterItem): Element {
  const attrs: Record<string, string> = { jid: item.jid };
  if (item.name !== undefined) attrs.name = item.name;
  attrs.subscription = item.subscription;
  if (item.ask) attrs.ask = item.ask;
  if (item.approved) attrs.approved = "true";
  const el = new Element("item", attrs, NS.ROSTER);
  for (const g of item.groups) el.append(new Element("group", {}, NS.ROSTER).append(g));
  return el;
}

/** `<item jid='…' subscription='remove'/>` for the push announcing a removal (§2.5.2). */
export function removedItemElement(jid: string): Element {
  return new Element("item", { jid, subscription: "remove" }, NS.ROSTER);
}

export function queryElement(version: string | undefined, items: Element[] = []): Element {
  const attrs: Record<string, string> = version === undefined ? {} : { ver: version };
  return new Element("query", attrs, NS.ROSTER).append(items);
}

export type RosterSetRequest =
  | { kind: "remove"; jid: string }
  | { kind: "update"; jid: string; name: string | undefined; groups: string[] };

const bad = (text: string) => new StanzaError("bad-request", { text, lang: "en" });
const unacceptable = (text: string) => new StanzaError("not-acceptable", { text, lang: "en" });

/**
 * Reads the payload of a roster set. `subscription` other than "remove" is ignored, as is `ask`
 * (§2.1.2.2, §2.1.2.5: a client cannot change them), but a value outside the defined ones is a
 * bad-request.
 */
export function parseRosterSet(query: Element): RosterSetRequest {
  const items = query.getChildren("item", NS.ROSTER);
  if (items.length !== 1 || query.elements().length !== 1) {
    throw bad(`a roster set holds exactly one <item/>, got ${query.elements().length}`);
  }
  const item = items[0]!;
  const raw = item.attr("jid");
  if (raw === undefined) throw bad("<item/> without jid");
  let jid: string;
  try {
    jid = Jid.parse(raw).toString();
  } catch (e) {
    if (!(e instanceof JidError)) throw e;
    throw new StanzaError("jid-malformed", { text: e.message, lang: "en", cause: e });
  }
  const subscription = item.attr("subscription");
  if (subscription === "remove") return { kind: "remove", jid };
  if (subscription !== undefined && !["none", "to", "from", "both"].includes(subscription)) {
    throw bad(`invalid subscription "${subscription}"`);
  }
  const name = item.attr("name");
  if (name !== undefined && name.length > MAX_NAME_LENGTH) throw unacceptable("name too long");
  const groups: string[] = [];
  for (const child of item.elements()) {
    if (child.localName !== "group" || child.ns !== NS.ROSTER) continue; // extensions: ignored
    const g = child.text();
    // §2.3.3: an empty group or one over the length limit is not-acceptable, a duplicate is a
    // bad-request.
    if (g.trim() === "") throw unacceptable("empty <group/>");
    if (g.length > MAX_NAME_LENGTH) throw unacceptable("group name too long");
    if (groups.includes(g)) throw bad(`duplicate group "${g}"`);
    groups.push(g);
  }
  return { kind: "update", jid, name: name === "" ? undefined : name, groups };
}
