// Per-user quota (XEP-0363 §5: a temporary error, with <retry stamp/> saying when to try again).
import { type SlotRecord, freedAt } from "./slots";

export type QuotaVerdict =
  | { ok: true }
  /** Over quota; `retryAt` is when enough will be freed, undefined when that never happens. */
  | { ok: false; retryAt: number | undefined };

/**
 * Whether `size` more bytes fit in `quota` next to the user's files and reserved slots. Records
 * already freed at `now` do not count.
 */
export function checkQuota(
  records: readonly SlotRecord[],
  size: number,
  quota: number,
  expireAfterMs: number,
  now: number,
): QuotaVerdict {
  if (quota === 0) return { ok: true };
  const live = records
    .map((r) => ({ size: r.size, until: freedAt(r, expireAfterMs) }))
    .filter((r) => r.until > now)
    .sort((a, b) => a.until - b.until);
  let used = live.reduce((sum, r) => sum + r.size, 0);
  if (used + size <= quota) return { ok: true };
  if (size > quota) return { ok: false, retryAt: undefined };
  for (const r of live) {
    if (!Number.isFinite(r.until)) break;
    used -= r.size;
    if (used + size <= quota) return { ok: false, retryAt: r.until };
  }
  return { ok: false, retryAt: undefined };
}

/** XEP-0082 DateTime in UTC, whole seconds rounded up (never earlier than `ms`). */
export function xepStamp(ms: number): string {
  return new Date(Math.ceil(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}
