import { NS } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";
import { NegotiationError } from "../errors";
import { hDistance, incrementH, parseH } from "./counter";

// Client side state of XEP-0198 stream management: what was sent and not yet acknowledged, how
// many stanzas were handled, and what a resumption needs (the stream id). It knows nothing about
// sockets: the client feeds it and sends what it returns.

export class StreamManagement {
  /** <enabled/> received on the current or last stream. */
  enabled = false;
  /** SM-ID of a resumable session (XEP-0198 §5). */
  id: string | undefined;
  /** Seconds the server keeps the session (`max`), when it said. */
  max: number | undefined;
  /** Preferred reconnection address (`location`), when the server gave one. */
  location: string | undefined;
  /** Stanzas received and handled (our `h`). */
  inbound = 0;
  /** Last `h` the server acknowledged. */
  acked = 0;
  /** Stanzas sent and not yet acknowledged, oldest first. */
  readonly unacked: Element[] = [];

  get resumable(): boolean {
    return this.enabled && this.id !== undefined;
  }

  /** XEP-0198 §3: counting starts over for both sides. */
  enableRequest(resume: boolean): Element {
    return xml("enable", { xmlns: NS.SM, ...(resume ? { resume: "true" } : {}) });
  }

  onEnabled(el: Element): void {
    this.enabled = true;
    this.inbound = 0;
    this.acked = 0;
    const resume = el.attr("resume");
    this.id = resume === "true" || resume === "1" ? el.attr("id") : undefined;
    const max = Number(el.attr("max"));
    this.max = Number.isFinite(max) && max > 0 ? max : undefined;
    this.location = el.attr("location");
  }

  /** XEP-0198 §5: <resume h="what we handled" previd="..."/>. */
  resumeRequest(): Element {
    return xml("resume", { xmlns: NS.SM, h: String(this.inbound), previd: this.id ?? "" });
  }

  /**
   * <resumed h/>: drops what the server handled and returns the rest, to be sent again in order
   * (XEP-0198 §5). They stay in the queue until acknowledged.
   */
  onResumed(el: Element): Element[] {
    this.ack(el.attr("h"));
    return [...this.unacked];
  }

  /**
   * <failed/> to a resume: the old session is gone. Returns the stanzas it never handled when
   * the server said how many it did (`h`, XEP-0198 §5), or all unacknowledged ones otherwise,
   * and forgets the session.
   */
  onResumeFailed(el: Element): { stanzas: Element[]; known: boolean } {
    const h = parseH(el.attr("h"));
    if (h !== undefined) this.ackSafely(h);
    const stanzas = this.unacked.splice(0);
    this.forget();
    return { stanzas, known: h !== undefined };
  }

  /** Everything about the old session is dropped; returns the stanzas never acknowledged. */
  forget(): Element[] {
    this.enabled = false;
    this.id = undefined;
    this.inbound = 0;
    this.acked = 0;
    return this.unacked.splice(0);
  }

  sent(stanza: Element): void {
    if (this.enabled) this.unacked.push(stanza);
  }

  received(): void {
    if (this.enabled) this.inbound = incrementH(this.inbound);
  }

  /** <a h="our inbound"/>, the answer to <r/>. */
  answer(): Element {
    return xml("a", { xmlns: NS.SM, h: String(this.inbound) });
  }

  /**
   * Processes an <a h/>: removes and returns the stanzas it acknowledges. Throws
   * `handled-count-too-high` (XEP-0198 §4) when it acknowledges more than was sent.
   */
  ack(value: string | undefined): Element[] {
    const h = parseH(value);
    if (h === undefined) throw new NegotiationError("sm-failed", `bad h="${value}"`);
    const count = hDistance(h, this.acked);
    if (count > this.unacked.length) {
      throw new NegotiationError(
        "handled-count-too-high",
        `h=${h} acknowledges ${count} stanzas, only ${this.unacked.length} were sent since h=${this.acked}`,
      );
    }
    this.acked = h;
    return this.unacked.splice(0, count);
  }

  private ackSafely(h: number): void {
    const count = Math.min(hDistance(h, this.acked), this.unacked.length);
    this.acked = h;
    this.unacked.splice(0, count);
  }
}
