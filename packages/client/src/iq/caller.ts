import { Jid } from "@parley/jid";
import { StanzaError, generateId, iq } from "@parley/stanza";
import type { Element } from "@parley/xml";
import { type ClientError, DisconnectedError, TimeoutError } from "../errors";

// Outgoing iq requests matched to their answers by id and sender (RFC 6120 §8.2.3). A result
// resolves, an error rejects with a typed StanzaError, silence rejects with a TimeoutError whose
// stack shows where the request was made.

export interface IqCallerDeps {
  send(el: Element): void;
  /** Our full JID (for checking who may answer a request sent without `to`). */
  jid(): Jid | undefined;
  defaultTimeoutMs: number;
}

export interface RequestOptions {
  timeoutMs?: number;
}

interface Pending {
  to: string | undefined;
  resolve(el: Element): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export class IqCaller {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly deps: IqCallerDeps) {}

  /** Sends an iq get/set (an id is added when missing) and resolves with the result stanza. */
  request(el: Element, options: RequestOptions = {}): Promise<Element> {
    const type = el.attr("type");
    if (el.localName !== "iq" || (type !== "get" && type !== "set")) {
      return Promise.reject(new TypeError("request() takes an <iq type='get|set'/>"));
    }
    const id = el.attr("id") ?? generateId();
    el.setAttr("id", id);
    const timeoutMs = options.timeoutMs ?? this.deps.defaultTimeoutMs;
    const timeout = new TimeoutError(`no answer to iq ${id} in ${timeoutMs} ms`);
    const to = el.attr("to");
    return new Promise<Element>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(timeout);
      }, timeoutMs);
      this.pending.set(id, { to, resolve, reject, timer });
      try {
        this.deps.send(el);
      } catch (error) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(error);
      }
    });
  }

  /** iq get with one payload; resolves with the result's payload (undefined when empty). */
  async get(payload: Element, to?: string, options?: RequestOptions): Promise<Element | undefined> {
    const result = await this.request(iq({ type: "get", to }, payload), options);
    return result.elements()[0];
  }

  async set(payload: Element, to?: string, options?: RequestOptions): Promise<Element | undefined> {
    const result = await this.request(iq({ type: "set", to }, payload), options);
    return result.elements()[0];
  }

  /** Feeds an incoming iq result/error; returns true when it answered one of our requests. */
  handle(el: Element): boolean {
    const id = el.attr("id");
    const p = id === undefined ? undefined : this.pending.get(id);
    if (!p || id === undefined || !this.fromMatches(p.to, el.attr("from"))) return false;
    this.pending.delete(id);
    clearTimeout(p.timer);
    if (el.attr("type") === "result") p.resolve(el);
    else p.reject(StanzaError.fromStanza(el) ?? new StanzaError("undefined-condition"));
    return true;
  }

  /** Rejects every pending request (the session they belonged to is gone). */
  rejectAll(error: ClientError = new DisconnectedError("session ended")): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    this.pending.clear();
  }

  get size(): number {
    return this.pending.size;
  }

  /**
   * RFC 6120 §8.1.2.1 / §10.3: the answer must come from whom we asked. A request without `to`
   * (or to our own bare JID) goes to our account: its answer has no `from`, or our own JID.
   */
  private fromMatches(to: string | undefined, from: string | undefined): boolean {
    const me = this.deps.jid();
    const ownAccount = to === undefined || me?.bare().equals(to);
    if (ownAccount) {
      if (from === undefined) return true;
      return me !== undefined && (me.bare().equals(from) || me.equals(from));
    }
    if (from === undefined) return false;
    try {
      return from === to || Jid.parse(from).equals(to);
    } catch {
      return false;
    }
  }
}
