// The stream-level hooks of module-api.ts `StreamControl` (XEP-0198 stream management, XEP-0352
// client state indication), and the one place where a session really ends.
import { StreamError } from "@parley/stanza";
import type { NonzaHandler, Session, SessionClosedEvent, StreamControl } from "../module-api";
import type { ServerCore } from "./core";
import { ClientSession } from "./session";

/**
 * Ends a session for good: unbinds it and fires `session-closed` (once). Its connection, if any,
 * is closed by the caller.
 */
export async function endSession(
  core: ServerCore,
  session: ClientSession,
  reason: string,
): Promise<void> {
  if (session.isEnded) return;
  session.markEnded();
  if (!session.jid || !core.registry.unbind(session.jid, session)) return;
  try {
    await core.events.fire<SessionClosedEvent>("session-closed", { session, reason });
  } catch (error) {
    core.log.error("session-closed handler failed", { error: String(error) });
  }
}

function own(session: Session): ClientSession {
  if (!(session instanceof ClientSession)) {
    throw new TypeError("not a session of this server");
  }
  return session;
}

export function createStreamControl(core: ServerCore): StreamControl {
  return {
    handleNonza(ns: string, handler: NonzaHandler) {
      if (core.nonzas.has(ns)) throw new Error(`a nonza handler for "${ns}" is already set`);
      core.nonzas.set(ns, handler);
    },
    sendNonza(session, element) {
      const s = own(session);
      if (!s.isEnded && s.stream && !s.stream.isClosed) s.stream.sendNonza(element);
    },
    addOutbound: (session, filter, priority) => own(session).addOutbound(filter, priority),
    takeConfirmation: (session, stanza) => own(session).takeConfirmation(stanza),
    onInbound: (session, observer) => own(session).onInbound(observer),
    isDetached: (session) => own(session).detached,
    resume(current, previous) {
      const cur = own(current);
      const prev = own(previous);
      const stream = cur.stream;
      if (!stream || stream.isClosed || cur.jid || !cur.bareJid || cur === prev) return false;
      if (prev.isEnded || !prev.jid || !prev.bareJid?.equals(cur.bareJid)) return false;
      if (core.registry.get(prev.jid) !== prev) return false;
      const old = prev.stream;
      stream.adopt(prev);
      prev.host = cur.host;
      if (old && old !== stream) {
        const text = "the session was resumed on another connection";
        void old.closeWithError(new StreamError("conflict", { text, lang: "en" }), "resumed");
      }
      core.metrics.count("sessions.resumed");
      // After what the caller writes synchronously (XEP-0198 <resumed/> and the retransmission).
      queueMicrotask(() => {
        core.events.fire("session-resumed", { session: prev }).catch((error: unknown) => {
          core.log.error("session-resumed handler failed", { error: String(error) });
        });
      });
      return true;
    },
    async end(session, reason, error) {
      const s = own(session);
      const stream = s.stream;
      // The stream's own cleanup would consider hibernation for "dropped"; this end is final.
      if (stream && !stream.isClosed) {
        s.detach();
        await Promise.all([stream.closeWithError(error, reason), endSession(core, s, reason)]);
        return;
      }
      await endSession(core, s, reason);
    },
    drop(session) {
      own(session).stream?.drop();
    },
  };
}
