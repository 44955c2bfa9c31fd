// Which sessions of the recipient get a message under RFC 6121 §8.5 (the built-in message module's
// rules), so that carbons go only to the enabled sessions that did not (XEP-0280 §5).
import type { Jid } from "@parley/jid";
import type { ModuleContext, Session } from "@parley/server";

const available = (sessions: readonly Session[]) =>
  sessions.filter((s) => s.presence !== undefined && !s.closed && s.jid !== undefined);

export function recipientsOf(ctx: ModuleContext, to: Jid, type: string | undefined): Session[] {
  if (to.resource !== "") {
    const session = ctx.session(to);
    if (session) return [session]; // §8.5.3.1
    if (type === "groupchat" || type === "error") return []; // §8.5.3.2.1
  }
  const sessions = available(ctx.sessionsOf(to.bare())).filter((s) => s.priority >= 0);
  if (type === "headline") return sessions; // §8.5.2.1.2: every non-negative resource
  // §8.5.2.1.1: the most available resources (all of them on a tie).
  const top = Math.max(...sessions.map((s) => s.priority));
  return sessions.filter((s) => s.priority === top);
}
