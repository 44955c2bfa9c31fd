// A minimal typed event emitter (not Node's events module, so the package runs in browsers).

// biome-ignore lint/suspicious/noExplicitAny: listener parameter lists are checked per event map.
type EventMap<E> = { [K in keyof E]: (...args: any[]) => void };

/**
 * One listener per event is the common case (a server stream has exactly one for each): it is
 * kept as is, and a list is made only for a second one, so an idle parser holds no arrays.
 */
export class Emitter<E extends EventMap<E>> {
  private readonly listeners: { [K in keyof E]?: E[K] | E[K][] } = {};
  private receiver: { [K in keyof E]: E[K] } | undefined;

  /**
   * Delivers every event to the method of that name on `receiver` (called as its method), before
   * any listeners: a long-lived consumer (a server stream) then needs no closure per event.
   * Replaces an earlier receiver; `undefined` removes it.
   */
  receive(receiver: { [K in keyof E]: E[K] } | undefined): this {
    this.receiver = receiver;
    return this;
  }

  on<K extends keyof E>(event: K, listener: E[K]): this {
    const current = this.listeners[event];
    if (current === undefined) this.listeners[event] = listener;
    else if (Array.isArray(current)) current.push(listener);
    else this.listeners[event] = [current as E[K], listener];
    return this;
  }

  off<K extends keyof E>(event: K, listener: E[K]): this {
    const current = this.listeners[event];
    if (current === listener) {
      delete this.listeners[event];
    } else if (Array.isArray(current)) {
      const at = current.indexOf(listener);
      if (at !== -1) current.splice(at, 1);
    }
    return this;
  }

  /** Listeners of `event`, the receiver counted as one. */
  listenerCount(event: keyof E): number {
    const own = this.receiver === undefined ? 0 : 1;
    const current = this.listeners[event];
    if (current === undefined) return own;
    return own + (Array.isArray(current) ? current.length : 1);
  }

  /**
   * Receives an exception thrown by a listener; the remaining listeners still run. By default
   * the exception is rethrown at once.
   */
  protected onListenerError(error: unknown): void {
    throw error;
  }

  protected emit<K extends keyof E>(event: K, ...args: Parameters<E[K]>): void {
    const receiver = this.receiver;
    if (receiver !== undefined) {
      try {
        receiver[event](...args);
      } catch (error) {
        this.onListenerError(error);
      }
    }
    const current = this.listeners[event];
    if (current === undefined) return;
    if (!Array.isArray(current)) {
      this.call(current as E[K], args);
      return;
    }
    // A copy, so that listeners may add or remove listeners while the event is delivered.
    for (const listener of current.slice()) this.call(listener, args);
  }

  private call<K extends keyof E>(listener: E[K], args: Parameters<E[K]>): void {
    try {
      listener(...args);
    } catch (error) {
      this.onListenerError(error);
    }
  }
}
