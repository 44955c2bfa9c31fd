// Hierarchical events with priorities, in the spirit of Prosody's util.events: handlers run from
// the highest priority down; the first one that returns a value other than `undefined` stops the
// chain and that value is the result of `fire`. Handlers may be async.
//
// A handler that fails is guarded here, so one broken module can neither hide an event from the
// others nor end the process or the stream that fired it:
// - a StanzaError is an answer (the typed error reply of RFC 6120 §8.3): it stops the chain and
//   `fire` rejects with it, for the dispatcher to send as the error reply;
// - any other error is reported (`onHandlerError`: logged, counted as `errors.handler`) and the
//   chain CONTINUES with the next handler, so a notification (session-started, offline/store,
//   account/removed, …) still reaches every other module. Then, if no later handler answered:
//   - by default `fire` resolves with undefined, as if the failed handler had not answered;
//   - with `failClosed` (the dispatcher, for stanza events) it rejects with an EventHandlerError
//     (already reported), so that a stanza whose check failed is refused with
//     internal-server-error instead of passing as if, say, a failed blocklist read had found
//     nothing blocked.
import { StanzaError } from "@parley/stanza";
import { EventHandlerError } from "./errors";

export type Handler<E = unknown> = (event: E) => unknown;

/** Told of every handler failure other than a StanzaError (the server logs and counts it). */
export type HandlerErrorReporter = (event: string, error: unknown) => void;

export interface FireOptions {
  /** Reject when a handler failed and no later one answered (stanza events). */
  failClosed?: boolean;
}

interface Entry {
  handler: Handler<never>;
  priority: number;
  order: number;
}

export class EventBus {
  private readonly handlers = new Map<string, Entry[]>();
  private counter = 0;

  constructor(private readonly onHandlerError: HandlerErrorReporter = () => {}) {}

  /** Adds a handler; returns a function that removes it. Equal priorities run in the order added. */
  on<E>(event: string, handler: Handler<E>, priority = 0): () => void {
    const entry: Entry = { handler: handler as Handler<never>, priority, order: this.counter++ };
    // Lists are replaced, never changed in place, so fire() walks a stable snapshot for free.
    const list = [...(this.handlers.get(event) ?? []), entry];
    list.sort((a, b) => b.priority - a.priority || a.order - b.order);
    this.handlers.set(event, list);
    return () => {
      const current = this.handlers.get(event);
      if (!current?.includes(entry)) return;
      const rest = current.filter((e) => e !== entry);
      if (rest.length === 0) this.handlers.delete(event);
      else this.handlers.set(event, rest);
    };
  }

  has(event: string): boolean {
    return (this.handlers.get(event)?.length ?? 0) > 0;
  }

  /**
   * Runs the handlers of `event`; resolves with the first non-undefined result (or undefined).
   * Rejects with a handler's StanzaError; with `failClosed`, also with an EventHandlerError when
   * a handler failed and none after it answered (see the top of this file).
   */
  async fire<E>(event: string, payload: E, options?: FireOptions): Promise<unknown> {
    const list = this.handlers.get(event);
    if (!list) return undefined;
    let failure: EventHandlerError | undefined;
    for (const entry of list) {
      let result: unknown;
      try {
        result = (entry.handler as Handler<E>)(payload);
        // Awaited only when it is a promise: most handlers answer synchronously, and every
        // await of a plain value would cost a microtask turn per handler per stanza.
        if (isThenable(result)) result = await result;
      } catch (error) {
        if (error instanceof StanzaError) throw error;
        this.report(event, error);
        failure ??= new EventHandlerError(event, error);
        continue;
      }
      if (result !== undefined) return result;
    }
    if (failure && options?.failClosed) throw failure;
    return undefined;
  }

  private report(event: string, error: unknown): void {
    try {
      this.onHandlerError(event, error);
    } catch {
      // A reporter that fails (a broken logger) must not turn into a second failure.
    }
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
