// Hierarchical events with priorities, in the spirit of Prosody's util.events: handlers run from
// the highest priority down; the first one that returns a value other than `undefined` stops the
// chain and that value is the result of `fire`. Handlers may be async.

export type Handler<E = unknown> = (event: E) => unknown;

interface Entry {
  handler: Handler<never>;
  priority: number;
  order: number;
}

export class EventBus {
  private readonly handlers = new Map<string, Entry[]>();
  private counter = 0;

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

  /** Runs the handlers of `event`; resolves with the first non-undefined result (or undefined). */
  async fire<E>(event: string, payload: E): Promise<unknown> {
    const list = this.handlers.get(event);
    if (!list) return undefined;
    for (const entry of list) {
      let result = (entry.handler as Handler<E>)(payload);
      // Awaited only when it is a promise: most handlers answer synchronously, and every
      // await of a plain value would cost a microtask turn per handler per stanza.
      if (isThenable(result)) result = await result;
      if (result !== undefined) return result;
    }
    return undefined;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
