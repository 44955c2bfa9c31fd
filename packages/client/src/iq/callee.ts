import { IqView, StanzaError, iqError, iqResult } from "@parley/stanza";
import type { Element } from "@parley/xml";

// Incoming iq get/set requests dispatched by type and payload (namespace + local name), as
// xmpp.js's iq-callee does. Each request gets exactly one answer (RFC 6120 §8.2.3 rule 3):
// nobody handles it → service-unavailable (§8.3.3.19); a handler throws a StanzaError → that
// error; anything else thrown → internal-server-error, and the exception goes to `onError`.

export interface IqContext {
  stanza: Element;
  payload: Element;
  from: string | undefined;
}

/** Returns the result payload, or nothing for an empty result. */
export type IqHandler = (ctx: IqContext) => Element | undefined | Promise<Element | undefined>;

export interface IqCalleeDeps {
  send(el: Element): void;
  onError(error: unknown): void;
}

export class IqCallee {
  private readonly handlers = new Map<string, IqHandler>();

  constructor(private readonly deps: IqCalleeDeps) {}

  /** Registers a handler; returns a function that removes it. */
  handle(type: "get" | "set", ns: string, name: string, handler: IqHandler): () => void {
    const key = `${type} ${ns} ${name}`;
    if (this.handlers.has(key)) throw new Error(`an iq handler for ${key} exists`);
    this.handlers.set(key, handler);
    return () => {
      if (this.handlers.get(key) === handler) this.handlers.delete(key);
    };
  }

  /** Answers an incoming iq get/set. */
  async dispatch(el: Element): Promise<void> {
    let payload: Element | undefined;
    try {
      payload = new IqView(el).payload;
    } catch (error) {
      this.reply(
        iqError(el, error instanceof StanzaError ? error : new StanzaError("bad-request")),
      );
      return;
    }
    const handler =
      payload && this.handlers.get(`${el.attr("type")} ${payload.ns} ${payload.localName}`);
    if (!payload || !handler) {
      this.reply(iqError(el, new StanzaError("service-unavailable")));
      return;
    }
    try {
      const answer = await handler({ stanza: el, payload, from: el.attr("from") });
      this.reply(iqResult(el, answer ?? undefined));
    } catch (error) {
      if (error instanceof StanzaError) {
        this.reply(iqError(el, error));
        return;
      }
      this.deps.onError(error);
      this.reply(iqError(el, new StanzaError("internal-server-error")));
    }
  }

  private reply(el: Element): void {
    try {
      this.deps.send(el);
    } catch {
      // Offline: the requester will time out; nothing else can be done with the answer.
    }
  }
}
