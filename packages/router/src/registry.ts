// Local session registry: which bound resource (RFC 6120 §7) holds which full JID, and all the
// resources of one account. Generic over the session type so the router knows nothing of streams.
import type { Jid } from "@parley/jid";

export class SessionRegistry<S> {
  private readonly byFull = new Map<string, S>();
  private readonly byBare = new Map<string, Map<string, S>>();

  /**
   * Binds `session` to `full`. Returns the session that held that full JID before, if any: the
   * caller decides what happens to it (RFC 6120 §7.7.2.2: Parley replaces the old session).
   */
  bind(full: Jid, session: S): S | undefined {
    const key = full.toString();
    const previous = this.byFull.get(key);
    this.byFull.set(key, session);
    const bare = full.bare().toString();
    let resources = this.byBare.get(bare);
    if (!resources) this.byBare.set(bare, (resources = new Map()));
    resources.set(full.resource, session);
    return previous;
  }

  /** Removes the binding, but only while `session` is still the one bound to `full`. */
  unbind(full: Jid, session: S): boolean {
    const key = full.toString();
    if (this.byFull.get(key) !== session) return false;
    this.byFull.delete(key);
    const bare = full.bare().toString();
    const resources = this.byBare.get(bare);
    resources?.delete(full.resource);
    if (resources?.size === 0) this.byBare.delete(bare);
    return true;
  }

  /** The session bound to a full JID. */
  get(full: Jid | string): S | undefined {
    return this.byFull.get(full.toString());
  }

  /** Sessions of an account (its bare JID), in the order they were bound. */
  of(bare: Jid | string): S[] {
    const key = typeof bare === "string" ? bare : bare.bare().toString();
    return [...(this.byBare.get(key)?.values() ?? [])];
  }

  has(full: Jid | string): boolean {
    return this.byFull.has(full.toString());
  }

  all(): S[] {
    return [...this.byFull.values()];
  }

  get size(): number {
    return this.byFull.size;
  }
}
