// Small builders shared by the presence and roster modules: presence stanzas the server sends
// on a user's behalf.
import { NS } from "@parley/stanza";
import { Element } from "@parley/xml";
import type { ModuleContext } from "../../../module-api";

/** `<presence from=… to=… type=…/>` in jabber:client. */
export function presenceStanza(from: string, to: string, type?: string): Element {
  const attrs: Record<string, string> = { from, to };
  if (type !== undefined) attrs.type = type;
  return new Element("presence", attrs, NS.CLIENT);
}

/**
 * A copy of `stanza` with new addresses (`to` undefined removes it), attributes in the order of
 * the RFC examples (from, id, to, type, then the rest).
 */
export function readdressed(stanza: Element, from: string, to: string | undefined): Element {
  const { from: _f, to: _t, id, type, ...rest } = stanza.attrs;
  const attrs: Record<string, string> = { from };
  if (id !== undefined) attrs.id = id;
  if (to !== undefined) attrs.to = to;
  if (type !== undefined) attrs.type = type;
  const copy = new Element(stanza.name, { ...attrs, ...rest }, stanza.ns);
  for (const c of stanza.children) copy.children.push(typeof c === "string" ? c : c.clone());
  return copy;
}

/** A copy of a session's last presence, addressed from that session to `to`. */
export function presenceCopy(last: Element, from: string, to: string): Element {
  return readdressed(last, from, to);
}

/** Routes a stanza, logging (never throwing) when routing fails: one bad peer must not stop a broadcast. */
export async function routeSafely(ctx: ModuleContext, stanza: Element): Promise<void> {
  try {
    await ctx.route(stanza);
  } catch (error) {
    ctx.log.warn("routing failed", { error: String(error), to: stanza.attr("to") });
  }
}

/**
 * The current presence of each available resource of `owner`, sent to `to` (RFC 6121 §3.1.5:
 * after approving a subscription; §4.3.2: in answer to a probe).
 */
export async function sendCurrentPresence(
  ctx: ModuleContext,
  owner: string,
  to: string,
): Promise<void> {
  for (const s of ctx.sessionsOf(owner)) {
    if (!s.presence || !s.jid) continue;
    await routeSafely(ctx, presenceCopy(s.presence, s.jid.toString(), to));
  }
}

/** Unavailable presence from each available resource of `owner` to `to` (RFC 6121 §3.2.2). */
export async function sendUnavailable(
  ctx: ModuleContext,
  owner: string,
  to: string,
): Promise<void> {
  for (const s of ctx.sessionsOf(owner)) {
    if (!s.presence || !s.jid) continue;
    await routeSafely(ctx, presenceStanza(s.jid.toString(), to, "unavailable"));
  }
}
