// `parley ping [JID]`: XEP-0199 ping, our server by default (§4.2), else any entity (§4.3).
import type { Jid } from "@parley/jid";
import { NS, StanzaError, iq } from "@parley/stanza";
import { xml } from "@parley/xml";
import { RecipientError } from "../errors";
import type { CliIo } from "../io";
import type { Session } from "../session";

export async function ping(s: Session, target: Jid | undefined, io: CliIo): Promise<void> {
  const to = (target ?? s.client.jid?.domain ?? "").toString();
  const started = performance.now();
  try {
    await s.client.iq.request(iq({ type: "get", to }, xml("ping", { xmlns: NS.PING })));
  } catch (error) {
    // §4.3: service-unavailable or feature-not-implemented mean the entity exists (or its server
    // answers for it) but does not do XEP-0199; the condition is printed either way.
    if (error instanceof StanzaError) throw new RecipientError(to, error);
    throw error;
  }
  io.out(`pong from ${to}: ${(performance.now() - started).toFixed(1)} ms`);
}
