// Leniency toward what real clients send, as Prosody is lenient: go-sendxmpp (and others) send
// `<presence><show/></presence>` for plain availability. RFC 6121 §4.7.2.1 allows only the four
// show values, and an absent <show/> already means "available"; an empty one is read as absent
// rather than refused with bad-request, and is dropped so that contacts never see it.
import type { Element } from "@parley/xml";

/** `stanza` itself when it has no empty <show/>, else a copy without it. */
export function withoutEmptyShow(stanza: Element): Element {
  if (!stanza.getChildren("show", stanza.ns).some(isEmpty)) return stanza;
  const copy = stanza.clone();
  copy.remove(...copy.getChildren("show", stanza.ns).filter(isEmpty));
  return copy;
}

function isEmpty(show: Element): boolean {
  return show.elements().length === 0 && show.text().trim() === "";
}
