// The server's side of XEP-0198 §4 counting: stanzas sent to the client and not yet
// acknowledged. Invariant: items.length === distanceH(acked, sent). Stanzas sent with
// `Session.sendAndConfirm` carry their confirmation: true on the client's ack, false when the
// queue is drained unacknowledged (their sender still holds them, e.g. in offline storage).
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
  /** Confirmations of the queued stanzas that have one (few: offline deliveries). */
  private readonly confirmations = new Map<Element, Confirmation>();

  get size(): number {
    return this.items.length;
  }

  push(stanza: Element, confirm?: Confirmation): void {
    this.items.push(stanza);
    this.sent = addH(this.sent);
    if (confirm) this.confirmations.set(stanza, confirm);
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
    const released = this.items.splice(0, n);
    this.acked = h;
    if (this.confirmations.size > 0) for (const stanza of released) this.take(stanza)?.(true);
    return n;
  }

  /**
   * Empties the queue. Stanzas with a confirmation learn `false` and are not returned (their
   * sender keeps them); the others are returned (they go elsewhere: offline storage, errors).
   */
  drain(): Element[] {
    const out = this.items;
    this.items = [];
    this.acked = this.sent;
    if (this.confirmations.size === 0) return out;
    const untracked: Element[] = [];
    for (const stanza of out) {
      const confirm = this.take(stanza);
      if (confirm) confirm(false);
      else untracked.push(stanza);
    }
    return untracked;
  }

  private take(stanza: Element): Confirmation | undefined {
    const confirm = this.confirmations.get(stanza);
    if (confirm) this.confirmations.delete(stanza);
    return confirm;
  }
}

/** The outcome of a confirmed send (StreamControl.takeConfirmation). */
export type Confirmation = (delivered: boolean) => void;
