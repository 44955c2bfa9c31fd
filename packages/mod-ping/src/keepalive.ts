// XEP-0199 §4.3 server-to-client pings: a session that has sent no stanza for `idleMs` gets a
// ping; with no answer within `timeoutMs` its stream is closed with <connection-timeout/>
// (RFC 6120 §4.9.3.4). Any answer, even an error (a client without XEP-0199 says
// service-unavailable), proves that the client is alive.
import type { ModuleContext, Session, SessionEvent, StanzaEvent } from "@parley/server";
import { NS, StanzaError, StreamError, iq } from "@parley/stanza";
import { xml } from "@parley/xml";
import type { PingConfig } from "./config";

interface State {
  lastActive: number;
  pinging: boolean;
}

export function startKeepalive(ctx: ModuleContext, config: PingConfig): void {
  const sessions = new Map<Session, State>();

  ctx.on<SessionEvent>("session-started", ({ session }) => {
    sessions.set(session, { lastActive: Date.now(), pinging: false });
    return undefined;
  });
  ctx.on<SessionEvent>("session-closed", ({ session }) => {
    sessions.delete(session);
    return undefined;
  });
  // Every stanza a session sends passes a pre-* hook: that is its activity. High priority, and
  // returning undefined lets the stanza go on.
  for (const kind of ["message", "presence", "iq"]) {
    for (const dest of ["host", "bare", "full"]) {
      ctx.on<StanzaEvent>(
        `pre-${kind}/${dest}`,
        ({ origin }) => {
          const state = origin && sessions.get(origin);
          if (state) state.lastActive = Date.now();
          return undefined;
        },
        10_000,
      );
    }
  }

  const ping = async (session: Session, state: State) => {
    state.pinging = true;
    const request = iq(
      { from: session.host, to: session.jid!, type: "get" },
      xml("ping", { xmlns: NS.PING }),
    );
    try {
      await ctx.request(request, { timeoutMs: config.timeoutMs });
    } catch (error) {
      if (!(error instanceof StanzaError) && !session.closed) {
        ctx.log.info("idle client did not answer a ping", { jid: String(session.jid) });
        session.close(new StreamError("connection-timeout"));
      }
    }
    state.lastActive = Date.now();
    state.pinging = false;
  };

  ctx.setInterval(
    () => {
      const now = Date.now();
      for (const [session, state] of sessions) {
        if (session.closed) sessions.delete(session);
        else if (!state.pinging && session.jid && now - state.lastActive >= config.idleMs) {
          ping(session, state).catch((error: unknown) => {
            ctx.log.error("keepalive ping failed", { error: String(error) });
          });
        }
      }
    },
    Math.max(10, Math.min(config.idleMs, config.timeoutMs) / 2),
  );
}
