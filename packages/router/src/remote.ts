// The destination of stanzas for domains this server does not host (RFC 6120 §10.4).
import type { Jid } from "@parley/jid";
import { StanzaError } from "@parley/stanza";
import type { Element } from "@parley/xml";

/** Carries a stanza to another domain (server-to-server, when there is one). */
export interface RemoteDestination {
  /** Rejects with a StanzaError when the stanza cannot be delivered; the caller bounces it. */
  deliver(stanza: Element, to: Jid): Promise<void>;
}

/**
 * The default: no server-to-server, so every remote domain is unreachable
 * (RFC 6120 §8.3.3.16, §10.4.3: remote-server-not-found).
 */
export class UnreachableRemote implements RemoteDestination {
  deliver(_stanza: Element, _to: Jid): Promise<void> {
    return Promise.reject(new StanzaError("remote-server-not-found"));
  }
}
