// Plain counters ("stanzas.in", "auth.failed", …) that modules and the core increment.
export class Metrics {
  private readonly counters = new Map<string, number>();

  count(metric: string, by = 1): void {
    this.counters.set(metric, (this.counters.get(metric) ?? 0) + by);
  }

  get(metric: string): number {
    return this.counters.get(metric) ?? 0;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counters].sort(([a], [b]) => (a < b ? -1 : 1)));
  }
}
