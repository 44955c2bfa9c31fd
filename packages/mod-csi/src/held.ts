// Stanzas held back while the client is inactive, in the order of their latest update; a newer
// stanza with the same collapse key replaces the older one (and moves to the end).
import type { Element } from "@parley/xml";
import { collapseKey } from "./importance";

export class HeldStanzas {
  private readonly byKey = new Map<string, Element>();

  get size(): number {
    return this.byKey.size;
  }

  hold(stanza: Element): void {
    const key = collapseKey(stanza);
    this.byKey.delete(key);
    this.byKey.set(key, stanza);
  }

  /** Everything held, oldest first; the buffer is empty afterwards. */
  takeAll(): Element[] {
    const out = [...this.byKey.values()];
    this.byKey.clear();
    return out;
  }
}
