// Per-session stream management state (kept in `session.data` under "smacks" as well, where
// tests can read it).
import type { OutboundHandle, Session } from "@parley/server";
import type { OutboundQueue } from "./outbound-queue";

export const STATE_KEY = "smacks";

export interface SmState {
  readonly session: Session;
  /** Resumption id (§5), when resumption was enabled. */
  readonly id: string | undefined;
  /** Resumption window of this session (the client's 'max' may shorten the configured one). */
  readonly resumeTimeoutMs: number;
  readonly out: OutboundQueue;
  /** Stanzas received from the client since enable, modulo 2^32 (the server's 'h'). */
  handled: number;
  readonly outbound: OutboundHandle;
  readonly stopInbound: () => void;
  /** Pending timers, each a canceller. */
  requestTimer: (() => void) | undefined;
  ackTimer: (() => void) | undefined;
  hibernateTimer: (() => void) | undefined;
  /** The server sent `<r/>` and waits for `<a/>`. */
  awaitingAck: boolean;
  /**
   * `out.sent` when the server last sent `<r/>` on this connection: no new request until more
   * was sent (a client whose `<a/>` leaves stanzas unacknowledged is not asked in a loop).
   */
  lastRequested: number | undefined;
}

export function stateOf(session: Session): SmState | undefined {
  return session.data.get(STATE_KEY) as SmState | undefined;
}

export function clearTimers(state: SmState): void {
  state.requestTimer?.();
  state.ackTimer?.();
  state.hibernateTimer?.();
  state.requestTimer = undefined;
  state.ackTimer = undefined;
  state.hibernateTimer = undefined;
  state.awaitingAck = false;
  state.lastRequested = undefined;
}
