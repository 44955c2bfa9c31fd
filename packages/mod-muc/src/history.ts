// Discussion history sent on join (XEP-0045 §7.2.15), limited by the room's muc#maxhistoryfetch
// and the <history maxchars maxstanzas seconds since/> the user asked for, each message with an
// XEP-0203 delay whose `from` is the room JID.
import type { Element } from "@parley/xml";
import { DELAY } from "./ns";
import type { ArchivedGroupchat, Room } from "./room";
import { el, stanzaText } from "./xml-text";

const count = (v: string | undefined): number | undefined =>
  v !== undefined && /^[0-9]{1,9}$/.test(v) ? Number(v) : undefined;

/** The archived messages to send, oldest first. */
export function historyFor(
  room: Room,
  request: Element | undefined,
  now = Date.now(),
): ArchivedGroupchat[] {
  let items = room.config.historyLength === 0 ? [] : room.archive.slice(-room.config.historyLength);
  if (!request) return items;
  const maxStanzas = count(request.attr("maxstanzas"));
  if (maxStanzas !== undefined) items = maxStanzas === 0 ? [] : items.slice(-maxStanzas);
  const seconds = count(request.attr("seconds"));
  if (seconds !== undefined) items = items.filter((i) => i.stamp.getTime() >= now - seconds * 1000);
  const since = request.attr("since");
  const sinceMs = since === undefined ? Number.NaN : Date.parse(since);
  if (!Number.isNaN(sinceMs)) items = items.filter((i) => i.stamp.getTime() > sinceMs);
  const maxChars = count(request.attr("maxchars"));
  if (maxChars !== undefined) {
    // §7.2.15: the characters of the complete stanzas, counted from the newest back.
    let total = 0;
    let first = items.length;
    while (first > 0) {
      total += stanzaText(items[first - 1]!.message).length;
      if (total > maxChars) break;
      first--;
    }
    items = items.slice(first);
  }
  return items;
}

/** One history message for `to`. */
export function historyMessage(room: Room, item: ArchivedGroupchat, to: string): Element {
  const message = item.message.clone();
  message.setAttr("to", to);
  message.append(el("delay", { xmlns: DELAY, from: room.jid, stamp: item.stamp.toISOString() }));
  return message;
}
