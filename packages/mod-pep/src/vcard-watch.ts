// Notices vCards that clients store through vcard-temp (XEP-0054 §3.2), for XEP-0398 §3.2.
// The built-in vcard module answers `iq-set/bare/vcard-temp:vCard` (priority 0); this hook runs
// before it (priority 10) and never answers, so the built-in still validates and stores. What
// must happen after the store is timed by the built-in's own reply: it is sent only once the
// vCard is written, so an outbound filter on the requesting session watches for the iq result
// with the request's id (an error reply means nothing was stored). When there is no session to
// watch, or the reply never comes (the session closed), the work runs after a delay; it reads
// the stored state and is idempotent, so running it late or twice is harmless.
import type { ModuleContext, StanzaEvent } from "@parley/server";
import type { Element } from "@parley/xml";
import { NS_VCARD_IQ } from "./ns";
import { readPhoto } from "./vcard-photo";
import { readVcard } from "./vcard-store";

/** Priority above the built-in handler (0). */
const PRIORITY = 10;
/** How long to wait for the built-in's reply before acting anyway. */
const REPLY_WAIT_MS = 10_000;
/** Without a session to watch (a module-made iq): act after this delay. */
const FALLBACK_DELAY_MS = 100;

export type VcardStored = (owner: string, previousId: string | undefined) => Promise<void>;

export function watchVcardSets(ctx: ModuleContext, stored: VcardStored): void {
  ctx.on<StanzaEvent>(
    `iq-set/bare/${NS_VCARD_IQ}`,
    async (event) => {
      const owner = event.to.bare().toString();
      // §3.2: only the owner may store; the built-in forbids the rest.
      if (event.from.bare().toString() !== owner) return undefined;
      let previousId: string | undefined;
      try {
        const before = await readPhoto(await readVcard(ctx.storage.kv, owner));
        previousId = before.kind === "photo" ? before.avatar.id : undefined;
      } catch (error) {
        ctx.log.warn("stored vCard unreadable", { owner, error: String(error) });
      }
      void afterReply(ctx, event).then(async (ok) => {
        if (!ok) return;
        try {
          await stored(owner, previousId);
        } catch (error) {
          ctx.log.warn("vCard → PEP conversion failed", { owner, error: String(error) });
        }
      });
      return undefined;
    },
    PRIORITY,
  );
}

/** Resolves once the iq in `event` was answered: true for a result, false for an error. */
function afterReply(ctx: ModuleContext, event: StanzaEvent): Promise<boolean> {
  const { origin, stanza } = event;
  const id = stanza.attr("id");
  return new Promise((resolve) => {
    if (!origin || !ctx.streams || id === undefined || origin.closed) {
      ctx.setTimeout(() => resolve(true), FALLBACK_DELAY_MS);
      return;
    }
    // The reply's `from` is the request's `to` (absent when the request had none).
    const isReply = (el: Element) =>
      el.localName === "iq" &&
      el.attr("id") === id &&
      el.attr("from") === stanza.attr("to") &&
      (el.attr("type") === "result" || el.attr("type") === "error");
    const handle = ctx.streams.addOutbound(
      origin,
      (el) => {
        if (isReply(el)) {
          handle.remove();
          cancel();
          resolve(el.attr("type") === "result");
        }
        return el;
      },
      // First in line: later filters may hold stanzas back (XEP-0352, XEP-0198).
      1_000_000,
    );
    const cancel = ctx.setTimeout(() => {
      handle.remove();
      resolve(true);
    }, REPLY_WAIT_MS);
  });
}
