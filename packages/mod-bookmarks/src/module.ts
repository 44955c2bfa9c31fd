// XEP-0402 PEP native bookmarks on mod-pep, with the XEP-0402 §5.3 bridge to XEP-0048 bookmarks
// in private XML storage (XEP-0049) and in the legacy `storage:bookmarks` PEP node.
import { PEP_EVENTS, type PepChange, pepApi } from "@parley/mod-pep";
import { type ModuleContext, type StanzaEvent, defineModule } from "@parley/server";
import { StanzaError, iqError, iqResult } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";
import { BookmarksBridge, FROM_LEGACY_PEP, FROM_PRIVATE } from "./bridge";
import { BOOKMARKS, COMPAT, COMPAT_PEP, LEGACY, PRIVATE } from "./ns";

/** The `<storage xmlns='storage:bookmarks'/>` of a private-storage query sent by its owner. */
function legacyStorage(event: StanzaEvent): Element | undefined {
  const query = event.stanza.getChild("query", PRIVATE);
  const sender = event.origin?.bareJid ?? event.from.bare();
  if (!query || !event.to.isBare || !event.to.bareEquals(sender)) return undefined;
  return query.getChild("storage", LEGACY);
}

async function reply(
  ctx: ModuleContext,
  event: StanzaEvent,
  payload: Element | StanzaError,
): Promise<true> {
  const stanza =
    payload instanceof StanzaError
      ? iqError(event.stanza, payload)
      : iqResult(event.stanza, payload);
  if (event.origin) {
    if (!event.origin.closed) event.origin.send(stanza);
  } else await ctx.route(stanza);
  return true;
}

export const bookmarksModule = defineModule({
  name: "bookmarks",
  dependsOn: ["pep"],
  async setup(ctx) {
    const pep = pepApi(ctx);
    const bridge = new BookmarksBridge(ctx, pep);
    // XEP-0402 §5.3: advertised on the account's disco#info.
    await pep.addAccountFeature(COMPAT);
    await pep.addAccountFeature(COMPAT_PEP);

    // XEP-0049 get of storage:bookmarks: answered from the XEP-0402 node (ahead of the built-in
    // private-storage module; other namespaces, and accounts without the node, pass through).
    ctx.on<StanzaEvent>(
      `iq-get/bare/${PRIVATE}:query`,
      async (event) => {
        const storage = legacyStorage(event);
        if (!storage || event.stanza.getChild("query", PRIVATE)!.elements().length !== 1)
          return undefined;
        const owner = event.to.bare().toString();
        const rooms = await bridge.rooms(owner);
        if (rooms === null) return undefined;
        return reply(
          ctx,
          event,
          xml("query", { xmlns: PRIVATE }, await bridge.legacyView(owner, rooms)),
        );
      },
      10,
    );

    // XEP-0049 set of storage:bookmarks: mirrored into XEP-0402 first; the private-storage module
    // then stores the element too (it keeps the <url/> entries) and answers.
    ctx.on<StanzaEvent>(
      `iq-set/bare/${PRIVATE}:query`,
      async (event) => {
        const storage = legacyStorage(event);
        if (!storage) return undefined;
        const owner = event.to.bare().toString();
        try {
          await bridge.syncFromLegacy(owner, storage, FROM_PRIVATE);
          await bridge.refreshLegacyPep(owner);
        } catch (error) {
          ctx.log.warn("bookmarks bridge failed", { owner, error: String(error) });
          return reply(
            ctx,
            event,
            error instanceof StanzaError ? error : new StanzaError("internal-server-error"),
          );
        }
        return undefined;
      },
      10,
    );

    // PEP changes: a client's own XEP-0402 change refreshes the legacy PEP node; a legacy client
    // publishing to that node updates XEP-0402.
    ctx.on<PepChange>(PEP_EVENTS.changed, async (change) => {
      try {
        if (change.node === BOOKMARKS && change.source === undefined) {
          await bridge.refreshLegacyPep(change.owner);
        } else if (
          change.node === LEGACY &&
          change.kind === "published" &&
          change.source === undefined
        ) {
          if (change.payload.localName === "storage" && change.payload.ns === LEGACY) {
            await bridge.syncFromLegacy(change.owner, change.payload, FROM_LEGACY_PEP);
          }
        }
      } catch (error) {
        ctx.log.warn("bookmarks bridge failed", { owner: change.owner, error: String(error) });
      }
      return undefined;
    });
  },
});
