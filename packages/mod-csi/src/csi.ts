// XEP-0352 Client State Indication: the `<csi/>` stream feature (§4.1) and `<inactive/>` /
// `<active/>` (§4.2). While a session is inactive, an outbound filter holds presence updates and
// chat-state-only messages back (collapsed: the latest per sender), and sends them all on
// `<active/>`, when the buffer is full, and right before any important stanza, which itself is
// never delayed — so the client always sees stanzas in a consistent order. The filter runs
// before stream management's, so a held stanza is counted (XEP-0198) when it is really sent.
// A resumed stream starts active again (XEP-0352 §5.2: the state is not restored).
import {
  type ModuleContext,
  type NonzaEvent,
  type OutboundHandle,
  type Session,
  type SessionClosedEvent,
  type SessionEvent,
  type StreamControl,
  type StreamFeaturesEvent,
  defineModule,
} from "@parley/server";
import { NS, StreamError } from "@parley/stanza";
import { xml } from "@parley/xml";
import { type CsiConfig, readCsiConfig } from "./config";
import { CsiConfigError } from "./errors";
import { HeldStanzas } from "./held";
import { isImportant } from "./importance";

/** Runs before stream management (-1000) and other late filters. */
export const CSI_FILTER_PRIORITY = 100;

const STATE_KEY = "csi";

export interface CsiState {
  inactive: boolean;
  readonly held: HeldStanzas;
  readonly outbound: OutboundHandle;
}

/** The CSI state of a session, once it sent `<inactive/>` or `<active/>`. */
export function csiStateOf(session: Session): CsiState | undefined {
  return session.data.get(STATE_KEY) as CsiState | undefined;
}

export const csiModule = defineModule({
  name: "csi",
  setup(ctx) {
    const streams = ctx.streams;
    if (!streams) throw new CsiConfigError("this server core has no stream hooks (StreamControl)");
    startCsi(ctx, streams, readCsiConfig(ctx.config));
  },
});

function startCsi(ctx: ModuleContext, streams: StreamControl, config: CsiConfig): void {
  const flush = (state: CsiState) => {
    for (const stanza of state.held.takeAll()) state.outbound.forward(stanza);
  };

  const stateFor = (session: Session): CsiState => {
    const existing = csiStateOf(session);
    if (existing) return existing;
    const held = new HeldStanzas();
    const state: CsiState = {
      inactive: false,
      held,
      outbound: streams.addOutbound(
        session,
        (stanza) => {
          if (!state.inactive) return stanza;
          if (isImportant(stanza)) {
            flush(state); // what waited goes first, then this one, at once
            return stanza;
          }
          held.hold(stanza);
          if (held.size >= config.maxHeld) flush(state);
          ctx.count("csi.held");
          return undefined;
        },
        CSI_FILTER_PRIORITY,
      ),
    };
    session.data.set(STATE_KEY, state);
    return state;
  };

  ctx.on<StreamFeaturesEvent>("stream-features", ({ stage, features }) => {
    if (stage === "post-auth") features.push(xml("csi", { xmlns: NS.CSI }));
    return undefined;
  });

  streams.handleNonza(NS.CSI, ({ session, element }: NonzaEvent) => {
    const name = element.localName;
    if (name !== "active" && name !== "inactive") {
      const text = `<${name}/> is not a client state`;
      throw new StreamError("unsupported-stanza-type", { text, lang: "en" });
    }
    if (!session.jid) return; // a state before binding has nothing to apply to
    const state = stateFor(session);
    state.inactive = name === "inactive";
    if (!state.inactive) flush(state);
  });

  ctx.on<SessionEvent>("session-resumed", ({ session }) => {
    const state = csiStateOf(session);
    if (state) {
      state.inactive = false;
      flush(state);
    }
    return undefined;
  });

  ctx.on<SessionClosedEvent>("session-closed", ({ session }) => {
    const state = csiStateOf(session);
    if (state) {
      state.held.takeAll(); // presence and chat states of a gone session are moot
      state.outbound.remove();
      session.data.delete(STATE_KEY);
    }
    return undefined;
  });
}
