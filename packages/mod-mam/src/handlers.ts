// The iq side of XEP-0313 on the user's bare JID: queries (§4), the query form (§4.1.4),
// archive metadata (§5) and XEP-0441 preferences. Only the account itself may use its archive
// (§9.1: anyone else gets forbidden). Reads flush the archive writer first, so an answer covers
// every message archived before the request.
import type { ModuleContext, StanzaEvent } from "@parley/server";
import { NS, StanzaError } from "@parley/stanza";
import { type ArchiveStore, StorageError } from "@parley/storage";
import type { Element } from "@parley/xml";
import type { ArchiveWriter } from "./archive-writer";
import type { MamConfig } from "./config";
import { loadPrefs, parsePrefs, prefsElement, savePrefs } from "./prefs";
import type { PrefsCache } from "./prefs-cache";
import { parseRequest } from "./request";
import { finElement, metadataElement, queryForm, resultMessage } from "./results";

function ownArchive(event: StanzaEvent) {
  const origin = event.origin;
  if (!origin?.bareJid || !origin.jid || !event.to.equals(origin.bareJid)) {
    throw new StanzaError("forbidden", {
      text: "only the account may use its archive",
      lang: "en",
    });
  }
  return { owner: origin.bareJid.toString(), session: origin };
}

/** Storage errors that name an XMPP condition (an unknown UID is item-not-found, §4.3.2). */
function asStanzaError(error: unknown): unknown {
  if (error instanceof StorageError && error.condition === "item-not-found") {
    return new StanzaError("item-not-found", { text: error.message, lang: "en" });
  }
  return error;
}

export function registerHandlers(
  ctx: ModuleContext,
  store: ArchiveStore,
  writer: ArchiveWriter,
  prefsCache: PrefsCache,
  config: MamConfig,
): void {
  const opts = { destination: "bare" as const };

  ctx.handleIq(
    "set",
    NS.MAM,
    "query",
    async (event) => {
      const { owner, session } = ownArchive(event);
      const request = parseRequest(event.stanza.getChild("query", NS.MAM)!, config);
      await writer.flush();
      const page = await store.query(owner, request.query).catch((e: unknown) => {
        throw asStanzaError(e);
      });
      const items = request.flip ? [...page.items].reverse() : page.items;
      // §4.2: every result before the iq result that ends the query.
      for (const item of items) {
        session.send(resultMessage(session.jid!.toString(), owner, request.queryid, item));
      }
      return finElement(page);
    },
    opts,
  );

  ctx.handleIq(
    "get",
    NS.MAM,
    "query",
    (event) => {
      ownArchive(event);
      return queryForm();
    },
    opts,
  );

  ctx.handleIq(
    "get",
    NS.MAM,
    "metadata",
    async (event) => {
      const { owner } = ownArchive(event);
      await writer.flush();
      const [first] = (await store.query(owner, { max: 1 })).items;
      const [last] = (await store.query(owner, { max: 1, last: true })).items;
      return metadataElement(first, last);
    },
    opts,
  );

  ctx.handleIq(
    "get",
    NS.MAM,
    "prefs",
    async (event) => {
      const { owner } = ownArchive(event);
      return prefsElement(await loadPrefs(ctx.storage, owner, config.defaultPolicy));
    },
    opts,
  );

  ctx.handleIq(
    "set",
    NS.MAM,
    "prefs",
    async (event) => {
      const { owner } = ownArchive(event);
      const prefs = parsePrefs(event.stanza.getChild("prefs", NS.MAM) as Element);
      await savePrefs(ctx.storage, owner, prefs);
      prefsCache.set(owner, prefs); // the next archived message follows them
      return prefsElement(prefs); // XEP-0441 §2.1: the preferences as applied
    },
    opts,
  );
}
