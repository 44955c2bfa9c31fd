// Module timers, all cleared when the server stops.
export class Timers {
  private readonly active = new Set<NodeJS.Timeout>();

  timeout(fn: () => void, ms: number): () => void {
    const t = setTimeout(() => {
      this.active.delete(t);
      fn();
    }, ms);
    this.active.add(t);
    return () => {
      clearTimeout(t);
      this.active.delete(t);
    };
  }

  interval(fn: () => void, ms: number): () => void {
    const t = setInterval(fn, ms);
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
}
