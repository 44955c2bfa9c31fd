// Where the sessions are: an async directory of bound resources, so that a directory shared by
// several nodes can answer later. The local one is backed by a SessionRegistry.
import type { Jid } from "@parley/jid";
import type { SessionRegistry } from "./registry";

export interface SessionDirectory<S> {
  /** The session bound to a full JID. */
  get(full: Jid): Promise<S | undefined>;
  /** Sessions of an account (its bare JID), in the order they were bound. */
  of(bare: Jid): Promise<S[]>;
}

/** The sessions of this process. */
export class LocalSessionDirectory<S> implements SessionDirectory<S> {
  constructor(readonly registry: SessionRegistry<S>) {}

  get(full: Jid): Promise<S | undefined> {
    return Promise.resolve(this.registry.get(full));
  }

  of(bare: Jid): Promise<S[]> {
    return Promise.resolve(this.registry.of(bare));
  }
}
