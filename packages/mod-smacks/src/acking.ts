// XEP-0198 §4 acks: the client's `<r/>` answered with the server's 'h', the client's `<a/>`
// releasing queued stanzas, and the server's own `<r/>`. Like Prosody's mod_smacks, the server
// asks soon after it sends (`ackRequestDelayMs`, default 0: at the end of the event-loop turn,
// so that a burst shares one `<r/>`), with one request outstanding at a time: under load that is
// one `<r/>` per round trip, not per stanza. Prompt acks keep the unacknowledged window small,
// which is what a lost connection would otherwise store offline again (a duplicate at the next
// login). With no `<a/>` within `ackTimeoutMs` the connection is dropped (the session then
// hibernates when resumable).
import type { ModuleContext, StreamControl } from "@parley/server";
import type { SmacksConfig } from "./config";
import { parseH } from "./counter";
import { ack, ackRequest } from "./elements";
import { type SmState, clearTimers } from "./state";

export class Acking {
  constructor(
    private readonly ctx: ModuleContext,
    private readonly streams: StreamControl,
    private readonly config: SmacksConfig,
  ) {}

  /** The client asks how many of its stanzas the server handled. */
  onRequest(state: SmState): void {
    this.streams.sendNonza(state.session, ack(state.handled));
  }

  /** The client acknowledges; throws HandledCountTooHighError (or SmacksProtocolError). */
  onAck(state: SmState, hAttr: string | undefined): void {
    state.out.acknowledge(parseH(hAttr));
    state.ackTimer?.();
    state.ackTimer = undefined;
    state.awaitingAck = false;
    this.schedule(state);
  }

  /** Arms the server's `<r/>` when stanzas wait for an ack and nothing is pending already. */
  schedule(state: SmState): void {
    if (state.out.size === 0 || state.awaitingAck || state.requestTimer) return;
    if (state.out.sent === state.lastRequested) return; // nothing new since the last <r/>
    if (this.streams.isDetached(state.session) || state.session.closed) return;
    state.requestTimer = this.ctx.setTimeout(() => {
      state.requestTimer = undefined;
      this.request(state);
    }, this.config.ackRequestDelayMs);
  }

  private request(state: SmState): void {
    const { session } = state;
    if (state.out.size === 0 || session.closed || this.streams.isDetached(session)) return;
    state.awaitingAck = true;
    state.lastRequested = state.out.sent;
    this.streams.sendNonza(session, ackRequest());
    if (this.config.ackTimeoutMs === 0) return;
    state.ackTimer = this.ctx.setTimeout(() => {
      state.ackTimer = undefined;
      if (!state.awaitingAck || session.closed) return;
      this.ctx.log.info("no ack from the client: dropping its connection", {
        jid: String(session.jid),
      });
      clearTimers(state);
      this.streams.drop(session);
    }, this.config.ackTimeoutMs);
  }
}
