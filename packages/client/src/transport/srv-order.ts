// RFC 2782 target selection, as RFC 6120 §3.2.1 asks: lowest priority first; within a priority,
// a weighted random order. XEP-0368 §3: _xmpps-client and _xmpp-client records are merged into one
// list before ordering, each keeping how its connection starts.

export interface SrvTarget {
  name: string;
  port: number;
  priority: number;
  weight: number;
  tls: "direct" | "starttls";
}

/** Orders records for connection attempts. `random` returns [0, 1) (injected for tests). */
export function orderSrvTargets(
  records: readonly SrvTarget[],
  random: () => number = Math.random,
): SrvTarget[] {
  const byPriority = new Map<number, SrvTarget[]>();
  for (const r of records) {
    const list = byPriority.get(r.priority);
    if (list) list.push(r);
    else byPriority.set(r.priority, [r]);
  }
  const out: SrvTarget[] = [];
  for (const priority of [...byPriority.keys()].sort((a, b) => a - b)) {
    // RFC 2782: zero-weight records first, so they get a small chance of being picked early.
    const left = [...byPriority.get(priority)!].sort((a, b) => a.weight - b.weight);
    while (left.length > 0) {
      const total = left.reduce((sum, r) => sum + r.weight, 0);
      const pick = random() * (total + 1);
      let running = 0;
      let index = left.length - 1;
      for (let i = 0; i < left.length; i++) {
        running += left[i]!.weight;
        if (running >= pick) {
          index = i;
          break;
        }
      }
      out.push(left.splice(index, 1)[0]!);
    }
  }
  return out;
}

/** RFC 2782: a single record with target "." means the service is decidedly not available. */
export function serviceRefused(records: readonly SrvTarget[]): boolean {
  return records.length === 1 && (records[0]!.name === "." || records[0]!.name === "");
}
