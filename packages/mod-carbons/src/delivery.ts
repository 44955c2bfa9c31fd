// Which sessions of the recipient get a message under RFC 6121 §8.5 (the built-in message module's
// rules, shared through @parley/server), so that carbons go only to the enabled sessions that did
// not (XEP-0280 §5).
import type { Jid } from "@parley/jid";
import {
  type ModuleContext,
  type Session,
  availableSessions,
  messageTargets,
} from "@parley/server";

export function recipientsOf(ctx: ModuleContext, to: Jid, type: string | undefined): Session[] {
  if (to.resource !== "") {
    const session = ctx.session(to);
    if (session) return [session]; // §8.5.3.1
    if (type === "groupchat" || type === "error") return []; // §8.5.3.2.1
  }
  const sessions = ctx.sessionsOf(to.bare());
  // §8.5.2.1.2: a headline goes to every non-negative resource.
  if (type === "headline") return availableSessions(sessions).filter((s) => s.priority >= 0);
  return messageTargets(sessions); // §8.5.2.1.1: the most available resources
}
