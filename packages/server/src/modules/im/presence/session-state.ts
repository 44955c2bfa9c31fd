// Per-session presence bookkeeping kept in `Session.data` (the available presence itself lives
// in `Session.presence` / `Session.priority`, which the core defines).
import type { Session } from "../../../module-api";

const KEY = "presence";

export interface PresenceSessionState {
  /** Targets of directed presence (RFC 6121 §4.6): they get unavailable when the session goes. */
  readonly directed: Set<string>;
}

export function presenceState(session: Session): PresenceSessionState {
  let state = session.data.get(KEY) as PresenceSessionState | undefined;
  if (!state) session.data.set(KEY, (state = { directed: new Set() }));
  return state;
}

/** Available resources of an account: sessions that sent available presence (RFC 6121 §4.1). */
export function availableSessions(sessions: readonly Session[]): Session[] {
  return sessions.filter((s) => s.presence !== undefined && !s.closed && s.jid !== undefined);
}
