// Conversion between XEP-0048 `<storage xmlns='storage:bookmarks'>` and XEP-0402 items
// (XEP-0402 §5.3: one item per room, id = room JID; name, autojoin, nick and password carry
// over; `<extensions/>` exist only in XEP-0402 and are kept when a legacy client rewrites a room).
import { type Element, xml } from "@parley/xml";
import { BOOKMARKS, LEGACY } from "./ns";

const truthy = (v: string | undefined) => v === "true" || v === "1";

/** Room JID → XEP-0402 `<conference/>` for each legacy conference (later duplicates win). */
export function fromLegacy(
  storage: Element,
  current: ReadonlyMap<string, Element> = new Map(),
): Map<string, Element> {
  const out = new Map<string, Element>();
  for (const c of storage.getChildren("conference", LEGACY)) {
    const jid = c.attr("jid");
    if (!jid) continue;
    const attrs: Record<string, string> = { xmlns: BOOKMARKS };
    const name = c.attr("name");
    if (name) attrs.name = name;
    if (truthy(c.attr("autojoin"))) attrs.autojoin = "true";
    const nick = c.getChildText("nick", LEGACY);
    const password = c.getChildText("password", LEGACY);
    const extensions = current.get(jid)?.getChild("extensions", BOOKMARKS);
    out.set(
      jid,
      xml(
        "conference",
        attrs,
        nick ? xml("nick", null, nick) : null,
        password ? xml("password", null, password) : null,
        extensions ? extensions.clone() : null,
      ),
    );
  }
  return out;
}

/** XEP-0048 `<storage/>` of XEP-0402 items plus the legacy `<url/>` entries kept aside. */
export function toLegacy(
  items: ReadonlyMap<string, Element>,
  urls: readonly Element[] = [],
): Element {
  const conferences = [...items].map(([jid, c]) => {
    const attrs: Record<string, string> = { jid };
    const name = c.attr("name");
    if (name) attrs.name = name;
    if (truthy(c.attr("autojoin"))) attrs.autojoin = "true";
    const nick = c.getChildText("nick", BOOKMARKS);
    const password = c.getChildText("password", BOOKMARKS);
    return xml(
      "conference",
      attrs,
      nick ? xml("nick", null, nick) : null,
      password ? xml("password", null, password) : null,
    );
  });
  return xml(
    "storage",
    { xmlns: LEGACY },
    conferences,
    urls.map((u) => u.clone()),
  );
}

/** The `<url/>` entries of a legacy storage element (no XEP-0402 counterpart). */
export function legacyUrls(storage: Element | undefined): Element[] {
  return storage?.getChildren("url", LEGACY) ?? [];
}
