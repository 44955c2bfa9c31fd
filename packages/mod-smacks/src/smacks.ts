// XEP-0198 Stream Management, server side, on the public module API: the `<sm/>` feature,
// `<enable/>` (§3), acks (§4), resumption (§5) and failures (§6). Every stanza written to an
// enabled session passes this module's outbound filter (counted and queued until acknowledged);
// every stanza the client sends is counted. Stanzas never acknowledged when a session really
// ends are not lost (undelivered.ts).
import { randomBytes } from "node:crypto";
import {
  type ModuleContext,
  type NonzaEvent,
  type Session,
  type SessionClosedEvent,
  type StreamControl,
  type StreamFeaturesEvent,
  defineModule,
} from "@parley/server";
import { StreamError } from "@parley/stanza";
import type { Element } from "@parley/xml";
import { Acking } from "./acking";
import { type SmacksConfig, readSmacksConfig } from "./config";
import { SM, enabled, failed, handledCountTooHighError, smFeature } from "./elements";
import { HandledCountTooHighError, SmacksConfigError, SmacksProtocolError } from "./errors";
import { OutboundQueue } from "./outbound-queue";
import { Resumption } from "./resumption";
import { STATE_KEY, type SmState, clearTimers, stateOf } from "./state";
import { addH } from "./counter";
import { handleUndelivered } from "./undelivered";

/** The outbound filter runs last, right before the wire: what it counts is what is written. */
export const SMACKS_FILTER_PRIORITY = -1000;

export const smacksModule = defineModule({
  name: "smacks",
  setup(ctx) {
    const streams = ctx.streams;
    if (!streams)
      throw new SmacksConfigError("this server core has no stream hooks (StreamControl)");
    startSmacks(ctx, streams, readSmacksConfig(ctx.config));
  },
});

function startSmacks(ctx: ModuleContext, streams: StreamControl, config: SmacksConfig): void {
  const acking = new Acking(ctx, streams, config);
  const resumption = new Resumption(ctx, streams, (state) => acking.schedule(state));

  ctx.on<StreamFeaturesEvent>("stream-features", ({ stage, features }) => {
    if (stage === "post-auth") features.push(smFeature()); // §2: only once authenticated
    return undefined;
  });

  const enable = (session: Session, el: Element) => {
    if (!session.jid || stateOf(session)) {
      // §3: only after resource binding, and once per session.
      throw new SmacksProtocolError("unexpected-request", "enable once, after binding");
    }
    const wantsResume = el.attr("resume") === "true" || el.attr("resume") === "1";
    const clientMax = Number(el.attr("max"));
    const timeoutMs =
      Number.isInteger(clientMax) && clientMax > 0
        ? Math.min(config.resumeTimeoutMs, clientMax * 1000)
        : config.resumeTimeoutMs;
    const out = new OutboundQueue();
    const state: SmState = {
      session,
      id: wantsResume ? randomBytes(18).toString("base64url") : undefined,
      resumeTimeoutMs: timeoutMs,
      out,
      handled: 0,
      outbound: streams.addOutbound(
        session,
        (stanza) => {
          // A stanza sent with sendAndConfirm is confirmed by the client's ack (§4), not the socket.
          out.push(stanza, streams.takeConfirmation(session, stanza));
          if (out.size > config.maxUnacked) {
            ctx.log.warn("too many unacknowledged stanzas: ending the session", {
              jid: String(session.jid),
            });
            const text = "too many unacknowledged stanzas";
            void streams.end(
              session,
              "error",
              new StreamError("resource-constraint", { text, lang: "en" }),
            );
            return undefined;
          }
          acking.schedule(state);
          return stanza;
        },
        SMACKS_FILTER_PRIORITY,
      ),
      stopInbound: streams.onInbound(session, () => {
        state.handled = addH(state.handled);
      }),
      requestTimer: undefined,
      ackTimer: undefined,
      hibernateTimer: undefined,
      awaitingAck: false,
      lastRequested: undefined,
    };
    session.data.set(STATE_KEY, state);
    resumption.register(state);
    streams.sendNonza(
      session,
      enabled(state.id, state.id ? Math.ceil(timeoutMs / 1000) : undefined),
    );
  };

  const onNonza = ({ session, element }: NonzaEvent) => {
    try {
      const state = stateOf(session);
      switch (element.localName) {
        case "enable":
          return enable(session, element);
        case "resume":
          return resumption.resume(session, element);
        case "r":
          if (!state) throw new SmacksProtocolError("unexpected-request", "not enabled");
          return acking.onRequest(state);
        case "a":
          if (!state) throw new SmacksProtocolError("unexpected-request", "not enabled");
          return acking.onAck(state, element.attr("h"));
        default: {
          const text = `<${element.localName}/> is not a stream management element`;
          throw new StreamError("unsupported-stanza-type", { text, lang: "en" });
        }
      }
    } catch (e) {
      if (e instanceof SmacksProtocolError) {
        streams.sendNonza(session, failed(e.condition, stateOf(session)?.handled));
        return;
      }
      if (e instanceof HandledCountTooHighError) throw handledCountTooHighError(e.h, e.sendCount);
      throw e;
    }
  };
  streams.handleNonza(SM, onNonza);

  ctx.on<SessionClosedEvent>("session-hibernate", ({ session, reason }) => {
    const state = stateOf(session);
    return state && reason === "dropped" && resumption.hibernate(state) ? true : undefined;
  });

  // High priority: the unacknowledged messages are stored before other modules react.
  ctx.on<SessionClosedEvent>(
    "session-closed",
    async ({ session }) => {
      const state = stateOf(session);
      if (!state) return undefined;
      clearTimers(state);
      state.stopInbound();
      state.outbound.remove();
      resumption.forget(state);
      await handleUndelivered(ctx, session, state.out.drain());
      return undefined;
    },
    100,
  );
}
