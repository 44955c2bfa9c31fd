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
    const list = this.handlers.get(event) ?? [];
    const entry: Entry = { handler: handler as Handler<never>, priority, order: this.counter++ };
    list.push(entry);
    list.sort((a, b) => b.priority - a.priority || a.order - b.order);
    this.handlers.set(event, list);
    return () => {
      const current = this.handlers.get(event);
      if (!current) return;
      const i = current.indexOf(entry);
      if (i !== -1) current.splice(i, 1);
      if (current.length === 0) this.handlers.delete(event);
    };
  }

  has(event: string): boolean {
    return (this.handlers.get(event)?.length ?? 0) > 0;
  }

  /** Runs the handlers of `event`; resolves with the first non-undefined result (or undefined). */
  async fire<E>(event: string, payload: E): Promise<unknown> {
    const list = this.handlers.get(event);
    if (!list) return undefined;
    for (const entry of [...list]) {
      const result = await (entry.handler as Handler<E>)(payload);
      if (result !== undefined) return result;
    }
    return undefined;
  }
}
