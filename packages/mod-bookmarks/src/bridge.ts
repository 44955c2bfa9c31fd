// The XEP-0402 §5.3 compatibility bridge: the XEP-0402 node is the truth; XEP-0048 views of it
// (private XML storage, the legacy `storage:bookmarks` PEP node) are computed from it, and
// writes through them are turned into XEP-0402 publishes and retractions.
import type { ModuleContext } from "@parley/server";
import type { PepApi } from "@parley/mod-pep";
import { NS } from "@parley/stanza";
import { type Element, tryParseFragment } from "@parley/xml";
import { fromLegacy, legacyUrls, toLegacy } from "./convert";
import { BookmarksStorageError } from "./errors";
import { BOOKMARKS, LEGACY, LEGACY_OPTIONS, NODE_OPTIONS, PRIVATE_KEY, PRIVATE_STORE } from "./ns";

/** `source` tags of the bridge's own PEP changes (events.ts PepChange.source). */
export const FROM_PRIVATE = "bookmarks:private";
export const FROM_LEGACY_PEP = "bookmarks:legacy-pep";
export const TO_LEGACY_PEP = "bookmarks:to-legacy-pep";

export function parseStored(text: string): Element {
  const el = tryParseFragment(text, { parentNs: NS.CLIENT });
  if (!el) throw new BookmarksStorageError("stored bookmarks do not parse");
  return el;
}

const isPrecondition = (e: unknown) =>
  e instanceof Error &&
  "application" in e &&
  (e as { application?: Element }).application?.localName === "precondition-not-met";

export class BookmarksBridge {
  constructor(
    private readonly ctx: ModuleContext,
    private readonly pep: PepApi,
  ) {}

  /** Room JID → XEP-0402 conference; null when the account has no XEP-0402 node. */
  async rooms(owner: string): Promise<Map<string, Element> | null> {
    const items = await this.pep.items(owner, BOOKMARKS);
    if (items === null) return null;
    return new Map(
      items.filter((i) => i.payload.localName === "conference").map((i) => [i.id, i.payload]),
    );
  }

  /** The XEP-0048 view: rooms from XEP-0402, URLs from what a legacy client stored. */
  async legacyView(owner: string, rooms: ReadonlyMap<string, Element>): Promise<Element> {
    const raw = await this.ctx.storage.kv.get(PRIVATE_STORE, owner, PRIVATE_KEY);
    let urls: Element[] = [];
    try {
      urls = raw === undefined ? [] : legacyUrls(parseStored(raw));
    } catch (error) {
      this.ctx.log.warn("unreadable private bookmarks", { owner, error: String(error) });
    }
    return toLegacy(rooms, urls);
  }

  /** Makes the XEP-0402 node match a legacy `<storage/>`: publishes changes, retracts the rest. */
  async syncFromLegacy(owner: string, storage: Element, source: string): Promise<void> {
    const current = (await this.rooms(owner)) ?? new Map<string, Element>();
    const wanted = fromLegacy(storage, current);
    for (const [jid, conference] of wanted) {
      const before = current.get(jid);
      if (before && before.toString() === conference.toString()) continue;
      await this.publish(owner, BOOKMARKS, jid, conference, NODE_OPTIONS, source);
    }
    for (const jid of current.keys()) {
      if (!wanted.has(jid))
        await this.pep.retract({ owner, node: BOOKMARKS, id: jid, notify: true, source });
    }
  }

  /** Republishes the legacy PEP node from XEP-0402, when the account uses that node. */
  async refreshLegacyPep(owner: string): Promise<void> {
    if ((await this.pep.items(owner, LEGACY)) === null) return;
    const rooms = (await this.rooms(owner)) ?? new Map<string, Element>();
    await this.publish(
      owner,
      LEGACY,
      "current",
      await this.legacyView(owner, rooms),
      LEGACY_OPTIONS,
      TO_LEGACY_PEP,
    );
  }

  private async publish(
    owner: string,
    node: string,
    id: string,
    payload: Element,
    options: Record<string, string>,
    source: string,
  ) {
    try {
      await this.pep.publish({ owner, node, id, payload, options, source });
    } catch (error) {
      // A node the client configured otherwise: keep its configuration, publish anyway.
      if (!isPrecondition(error)) throw error;
      await this.pep.publish({ owner, node, id, payload, source });
    }
  }
}
