// A minimal typed event emitter (not Node's events module, so the package runs in browsers).

// biome-ignore lint/suspicious/noExplicitAny: listener parameter lists are checked per event map.
type EventMap<E> = { [K in keyof E]: (...args: any[]) => void };

export class Emitter<E extends EventMap<E>> {
  private readonly listeners: { [K in keyof E]?: E[K][] } = {};

  /**
   * @param onListenerError receives an exception thrown by a listener; the remaining listeners
   *   still run. By default the exception is rethrown at once.
   */
  constructor(
    private readonly onListenerError: (error: unknown) => void = (error) => {
      throw error;
    },
  ) {}

  on<K extends keyof E>(event: K, listener: E[K]): this {
    const list = this.listeners[event];
    if (list) list.push(listener);
    else this.listeners[event] = [listener];
    return this;
  }

  off<K extends keyof E>(event: K, listener: E[K]): this {
    const list = this.listeners[event];
    const at = list ? list.indexOf(listener) : -1;
    if (list && at !== -1) list.splice(at, 1);
    return this;
  }

  listenerCount(event: keyof E): number {
    return this.listeners[event]?.length ?? 0;
  }

  protected emit<K extends keyof E>(event: K, ...args: Parameters<E[K]>): void {
    const list = this.listeners[event];
    if (!list) return;
    // A copy, so that listeners may add or remove listeners while the event is delivered.
    for (const listener of list.length === 1 ? list : list.slice()) {
      try {
        listener(...args);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
