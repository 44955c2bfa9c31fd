// The server's side of XEP-0198 §4 counting: stanzas sent to the client and not yet
// acknowledged. Invariant: items.length === distanceH(acked, sent).
import type { Element } from "@parley/xml";
import { addH, distanceH } from "./counter";
import { HandledCountTooHighError } from "./errors";

export class OutboundQueue {
  /** Stanzas sent since enable, modulo 2^32. */
  sent = 0;
  /** The last 'h' the client acknowledged. */
  acked = 0;
  /** Unacknowledged stanzas, oldest first. */
  items: Element[] = [];

  get size(): number {
    return this.items.length;
  }

  push(stanza: Element): void {
    this.items.push(stanza);
    this.sent = addH(this.sent);
  }

  /**
   * The client handled `h` stanzas in all (§4): drops the acknowledged ones and returns how many.
   * An 'h' behind the last one acknowledged counts as an old, repeated ack... but on a circle of
   * 2^32 that is indistinguishable from one too far ahead, so any 'h' beyond what was sent is
   * HandledCountTooHighError.
   */
  acknowledge(h: number): number {
    const n = distanceH(this.acked, h);
    if (n > this.items.length) throw new HandledCountTooHighError(h, this.sent);
    this.items.splice(0, n);
    this.acked = h;
    return n;
  }

  /** Empties the queue (the stanzas go elsewhere: offline storage, error replies). */
  drain(): Element[] {
    const out = this.items;
    this.items = [];
    this.acked = this.sent;
    return out;
  }
}
