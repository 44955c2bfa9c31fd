// Module timers, all cleared when the server stops. Every callback is guarded: a throw or a
// rejected promise is handed to `onError` (the server logs and counts it), never left to end the
// process as an uncaught exception or unhandled rejection.
/** `owner` is the label given with the timer (the module's name). */
export type TimerErrorReporter = (owner: string, error: unknown) => void;

export class Timers {
  private readonly active = new Set<NodeJS.Timeout>();

  constructor(private readonly onError: TimerErrorReporter = () => {}) {}

  timeout(fn: () => unknown, ms: number, owner = "server"): () => void {
    const t = setTimeout(() => {
      this.active.delete(t);
      this.run(fn, owner);
    }, ms);
    this.active.add(t);
    return () => {
      clearTimeout(t);
      this.active.delete(t);
    };
  }

  interval(fn: () => unknown, ms: number, owner = "server"): () => void {
    const t = setInterval(() => this.run(fn, owner), ms);
    this.active.add(t);
    return () => {
      clearInterval(t);
      this.active.delete(t);
    };
  }

  clearAll(): void {
    for (const t of this.active) clearTimeout(t);
    this.active.clear();
  }

  private run(fn: () => unknown, owner: string): void {
    try {
      const result = fn();
      if (result instanceof Promise) result.catch((error: unknown) => this.report(owner, error));
    } catch (error) {
      this.report(owner, error);
    }
  }

  private report(owner: string, error: unknown): void {
    try {
      this.onError(owner, error);
    } catch {
      // A failing reporter must not become the uncaught exception this class exists to avoid.
    }
  }
}
