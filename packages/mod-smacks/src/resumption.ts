// XEP-0198 §5 resumption: sessions whose connection was lost wait `resumeTimeoutMs` for a
// `<resume previd h/>` on a new connection of the same account; the unacknowledged stanzas are
// then sent again, each exactly once. Ids of sessions that ended are remembered for a while so
// that `<failed/>` can still carry the server's 'h' (§5).
import type { ModuleContext, Session, StreamControl } from "@parley/server";
import { parseH } from "./counter";
import { handledCountTooHigh, failed, resumed } from "./elements";
import { HandledCountTooHighError, SmacksProtocolError } from "./errors";
import { type SmState, clearTimers } from "./state";

/** Ended sessions remembered for `<failed h/>`. */
const REMEMBERED = 1000;

interface Ended {
  owner: string;
  handled: number;
}

export class Resumption {
  private readonly live = new Map<string, SmState>();
  private readonly ended = new Map<string, Ended>();

  constructor(
    private readonly ctx: ModuleContext,
    private readonly streams: StreamControl,
    private readonly afterResume: (state: SmState) => void,
  ) {}

  register(state: SmState): void {
    if (state.id !== undefined) this.live.set(state.id, state);
  }

  /** The session ended for good: forget it, remember its 'h'. */
  forget(state: SmState): void {
    if (state.id === undefined || this.live.get(state.id) !== state) return;
    this.live.delete(state.id);
    this.ended.set(state.id, {
      owner: state.session.bareJid?.toString() ?? "",
      handled: state.handled,
    });
    if (this.ended.size > REMEMBERED) this.ended.delete(this.ended.keys().next().value!);
  }

  /** `session-hibernate`: keep a resumable session for `resumeTimeoutMs`. */
  hibernate(state: SmState): boolean {
    if (state.id === undefined || this.live.get(state.id) !== state) return false;
    clearTimers(state);
    state.hibernateTimer = this.ctx.setTimeout(() => {
      state.hibernateTimer = undefined;
      this.ctx.log.info("resumption window over: ending the session", {
        jid: String(state.session.jid),
      });
      void this.streams.end(state.session, "timeout");
    }, state.resumeTimeoutMs);
    return true;
  }

  /** `<resume/>` on the stream of `current` (authenticated, maybe bound). */
  resume(current: Session, element: { attr(name: string): string | undefined }): void {
    if (current.jid) {
      throw new SmacksProtocolError("unexpected-request", "resume instead of binding a resource");
    }
    const previd = element.attr("previd") ?? "";
    const state = this.live.get(previd);
    const owner = current.bareJid?.toString();
    if (!state || state.session.bareJid?.toString() !== owner) {
      const gone = this.ended.get(previd);
      const h = gone && gone.owner === owner ? gone.handled : undefined;
      this.streams.sendNonza(current, failed("item-not-found", h));
      return;
    }
    const h = parseH(element.attr("h"));
    try {
      state.out.acknowledge(h);
    } catch (e) {
      if (!(e instanceof HandledCountTooHighError)) throw e;
      // The client's view of the stream is broken: no resumption; the old session ends.
      const why = handledCountTooHigh(e.h, e.sendCount);
      this.streams.sendNonza(current, failed("undefined-condition", state.handled, why));
      void this.streams.end(state.session, "error");
      return;
    }
    if (!this.streams.resume(current, state.session)) {
      this.streams.sendNonza(current, failed("item-not-found"));
      return;
    }
    clearTimers(state);
    // Synchronously after resume(): <resumed/> first, then every unacknowledged stanza once.
    this.streams.sendNonza(state.session, resumed(previd, state.handled));
    for (const stanza of state.out.items) state.outbound.forward(stanza);
    this.afterResume(state);
  }
}
