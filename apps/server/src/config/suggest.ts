// "Did you mean …?" for unknown config keys: the closest known key by edit distance.

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(
        Math.min(
          (row[j - 1] as number) + 1,
          (prev[j] as number) + 1,
          (prev[j - 1] as number) + cost,
        ),
      );
    }
    prev = row;
  }
  return prev[b.length] as number;
}

/** The known key closest to `key`, when it is close enough to be a likely typo. */
export function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const lower = key.toLowerCase().replace(/-/g, "_");
  for (const candidate of known) {
    const d = lower === candidate ? 0 : distance(lower, candidate);
    const prefix = candidate.startsWith(lower); // a key typed only in part
    const score = prefix ? Math.min(d, 1) : d;
    if (score < bestDistance) {
      bestDistance = score;
      best = candidate;
    }
  }
  const limit = Math.max(2, Math.floor(lower.length / 3));
  return bestDistance <= limit ? best : undefined;
}
