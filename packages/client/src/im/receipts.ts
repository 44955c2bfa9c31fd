import { Jid } from "@parley/jid";
import { NS, StanzaError, generateId, message } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";
import { TimeoutError } from "../errors";

// XEP-0184 message delivery receipts: ask for one and wait for it, and answer requests.

export interface ReceiptsDeps {
  send(el: Element): void;
  /** Answer <request/>s (XEP-0184 §5.1; off when presence should not be disclosed, §7). */
  autoReply: boolean;
}

interface Waiting {
  to: string;
  resolve(): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export class Receipts {
  private readonly waiting = new Map<string, Waiting>();

  constructor(private readonly deps: ReceiptsDeps) {}

  /**
   * Sends `msg` with <request/> and resolves when the recipient's <received/> comes back.
   * Rejects with TimeoutError, or with the StanzaError of a bounced message.
   */
  sendAndWait(msg: Element, timeoutMs: number): Promise<void> {
    const to = msg.attr("to");
    if (msg.localName !== "message" || to === undefined) {
      return Promise.reject(new TypeError("a <message/> with a `to` is needed"));
    }
    // §5.3: not for groupchat; §5.2: the id is what the receipt refers to.
    if (msg.attr("type") === "groupchat") {
      return Promise.reject(new TypeError("XEP-0184 receipts are not used in groupchat"));
    }
    const id = msg.attr("id") ?? generateId();
    msg.setAttr("id", id);
    if (!msg.getChild("request", NS.RECEIPTS)) msg.append(xml("request", { xmlns: NS.RECEIPTS }));
    const timeout = new TimeoutError(`no receipt for message ${id} in ${timeoutMs} ms`);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(timeout);
      }, timeoutMs);
      this.waiting.set(id, { to, resolve, reject, timer });
      try {
        this.deps.send(msg);
      } catch (error) {
        clearTimeout(timer);
        this.waiting.delete(id);
        reject(error);
      }
    });
  }

  /** Looks at an incoming message: a receipt, a bounce, or a request to answer. */
  handle(el: Element): void {
    const from = el.attr("from");
    const received = el.getChild("received", NS.RECEIPTS);
    if (received) {
      const w = this.waiting.get(received.attr("id") ?? "");
      // The receipt comes from the full JID when we wrote to the bare one.
      if (w && from !== undefined && sameBare(w.to, from)) {
        this.settle(received.attr("id")!, w);
        w.resolve();
      }
    }
    if (el.attr("type") === "error") {
      const id = el.attr("id");
      const w = id === undefined ? undefined : this.waiting.get(id);
      if (w && id !== undefined) {
        this.settle(id, w);
        w.reject(StanzaError.fromStanza(el) ?? new StanzaError("undefined-condition"));
      }
      return;
    }
    const id = el.attr("id");
    if (
      this.deps.autoReply &&
      el.getChild("request", NS.RECEIPTS) &&
      id !== undefined &&
      from !== undefined &&
      el.attr("type") !== "groupchat"
    ) {
      try {
        this.deps.send(message({ to: from }, xml("received", { xmlns: NS.RECEIPTS, id })));
      } catch {
        // offline: no receipt, which XEP-0184 §5.4 allows
      }
    }
  }

  rejectAll(error: Error): void {
    for (const [id, w] of this.waiting) {
      this.settle(id, w);
      w.reject(error);
    }
  }

  private settle(id: string, w: Waiting): void {
    clearTimeout(w.timer);
    this.waiting.delete(id);
  }
}

function sameBare(a: string, b: string): boolean {
  try {
    return Jid.parse(a).bareEquals(b);
  } catch {
    return false;
  }
}
