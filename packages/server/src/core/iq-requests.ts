// Iqs the server itself sends (ctx.request): waiting for their result or error by id.
import { StanzaError } from "@parley/stanza";
import type { Element } from "@parley/xml";
import { IqTimeoutError } from "../errors";

interface Pending {
  /** Who the request went to: only an answer from there counts (RFC 6120 §8.2.3 rule 6). */
  to: string;
  resolve(el: Element): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export class IqRequests {
  private readonly pending = new Map<string, Pending>();

  wait(id: string, to: string, timeoutMs: number): Promise<Element> {
    // Created here so that a timeout shows where the request was made.
    const timeoutError = new IqTimeoutError(`no answer from ${to} within ${timeoutMs} ms`);
    return new Promise<Element>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(timeoutError);
      }, timeoutMs);
      timer.unref();
      this.pending.set(id, { to, resolve, reject, timer });
    });
  }

  /** Settles the request this iq result/error answers; false when it answers none. */
  settle(iq: Element): boolean {
    const id = iq.attr("id");
    if (id === undefined) return false;
    const entry = this.pending.get(id);
    if (!entry || (iq.attr("from") ?? "") !== entry.to) return false;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    if (iq.attr("type") === "result") entry.resolve(iq);
    else entry.reject(StanzaError.fromStanza(iq) ?? new StanzaError("undefined-condition"));
    return true;
  }

  /** Rejects everything still waiting (server stop). */
  cancelAll(reason: Error): void {
    for (const entry of this.pending.values()) {
      clearTimeout(entry.timer);
      entry.reject(reason);
    }
    this.pending.clear();
  }
}
