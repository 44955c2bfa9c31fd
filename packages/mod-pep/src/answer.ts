// Answering an iq from a plain event handler (ctx.on) rather than ctx.handleIq: needed where
// mod-pep must answer ahead of a built-in handler (account disco) but only in some cases.
import type { ModuleContext, StanzaEvent } from "@parley/server";
import { StanzaError, iqError, iqResult } from "@parley/stanza";
import type { Element } from "@parley/xml";

/** Runs `fn` and sends its result (or the StanzaError it throws) back; returns true (handled). */
export async function answerIq(
  ctx: ModuleContext,
  event: StanzaEvent,
  fn: () => Promise<Element | null>,
): Promise<true> {
  let reply: Element;
  try {
    reply = iqResult(event.stanza, (await fn()) ?? undefined);
  } catch (error) {
    if (!(error instanceof StanzaError))
      ctx.log.error("iq handler failed", { error: String(error) });
    reply = iqError(
      event.stanza,
      error instanceof StanzaError ? error : new StanzaError("internal-server-error"),
    );
  }
  // As the core does: straight back to a local session, else routed.
  if (event.origin) {
    if (!event.origin.closed) event.origin.send(reply);
  } else await ctx.route(reply);
  return true;
}
