// Which sessions want notifications of which nodes (XEP-0163 §4.3 "filtered notifications"):
// each session's caps, read from its available presence, resolved to its `+notify` features.
import type { ModuleContext, Session, StanzaEvent } from "@parley/server";
import { type CapsCache, type CapsRef, notifyNodes, readCaps } from "./caps";

const KEY = "pep";

interface Interest {
  caps: CapsRef | undefined;
  /** Nodes with +notify; undefined while the caps are being resolved. */
  notify: ReadonlySet<string> | undefined;
}

/** What a session without caps (or with unknown caps) wants: one shared empty set. */
const NO_NODES: ReadonlySet<string> = new Set();

/**
 * The +notify nodes of a caps feature set, computed once per set: sessions with the same caps
 * share the answer instead of each keeping a copy for its lifetime.
 */
const nodesOfFeatures = new WeakMap<ReadonlySet<string>, ReadonlySet<string>>();
function sharedNotifyNodes(features: ReadonlySet<string>): ReadonlySet<string> {
  let nodes = nodesOfFeatures.get(features);
  if (nodes === undefined) {
    const found = notifyNodes(features);
    nodes = found.size === 0 ? NO_NODES : found;
    nodesOfFeatures.set(features, nodes);
  }
  return nodes;
}

/** Nodes `session` asked notifications for (empty when unknown or without caps). */
export function interestOf(session: Session): ReadonlySet<string> {
  return (session.data.get(KEY) as Interest | undefined)?.notify ?? NO_NODES;
}

/** An available session: it sent available presence and is still open (RFC 6121 §4.2). */
export function isAvailable(session: Session): boolean {
  return session.presence !== undefined && !session.closed;
}

/**
 * Watches each session's broadcast presence. `onReady(session)` runs once the session's +notify
 * set is known after an initial presence or a change of caps: the moment for last-item delivery
 * (XEP-0163 §4.3.2 send_last_published_item on_sub_and_presence).
 */
export function trackInterest(
  ctx: ModuleContext,
  caps: CapsCache,
  onReady: (session: Session) => Promise<void>,
): void {
  const ready = (session: Session) => {
    onReady(session).catch((error: unknown) =>
      ctx.log.warn("last-item delivery failed", { error: String(error) }),
    );
  };
  // pre-presence/host: presence without 'to' from a local session, before the presence module
  // records it (so `session.presence === undefined` still tells an initial presence).
  ctx.on<StanzaEvent>(
    "pre-presence/host",
    (event) => {
      const session = event.origin;
      if (!session?.jid || event.stanza.attr("to") !== undefined || event.type !== "available") {
        return undefined;
      }
      const initial = session.presence === undefined;
      const ref = readCaps(event.stanza);
      const before = session.data.get(KEY) as Interest | undefined;
      const same =
        before !== undefined && before.caps?.node === ref?.node && before.caps?.ver === ref?.ver;
      if (same && before.notify !== undefined) {
        if (initial) ready(session);
        return undefined;
      }
      if (same) return undefined; // still resolving: onReady will run when it is done
      const interest: Interest = {
        caps: ref,
        notify: ref ? caps.peek(ref) && sharedNotifyNodes(caps.peek(ref)!) : NO_NODES,
      };
      session.data.set(KEY, interest);
      if (interest.notify !== undefined) {
        ready(session);
        return undefined;
      }
      // Not known yet: ask the client, without holding its presence up (the answer comes on
      // this same stream, after this presence).
      caps
        .features(ref!, session.jid.toString(), session.host)
        .then((features) => {
          if (session.data.get(KEY) !== interest) return; // superseded by newer presence
          interest.notify = features ? sharedNotifyNodes(features) : NO_NODES;
          if (!session.closed) ready(session);
        })
        .catch((error: unknown) => ctx.log.warn("caps lookup failed", { error: String(error) }));
      return undefined;
    },
    50,
  );
}
