// Vitest setup for every package: `vi.waitFor` and `vi.waitUntil` wait up to 20 s by default
// instead of vitest's 1 s. The suite runs on busy 2-core machines (CI, a developer's laptop
// under load); a bound that only fits a quiet machine fails there for no reason. A call that
// passes its own timeout keeps it.
import { vi } from "vitest";

const GENEROUS_MS = 20_000;

type WaitOptions = number | { timeout?: number; interval?: number } | undefined;

function generous(options: WaitOptions): { timeout?: number; interval?: number } {
  if (typeof options === "number") return { timeout: options };
  return { timeout: GENEROUS_MS, interval: 20, ...options };
}

const waitFor = vi.waitFor.bind(vi);
const waitUntil = vi.waitUntil.bind(vi);
vi.waitFor = ((callback: Parameters<typeof waitFor>[0], options?: WaitOptions) =>
  waitFor(callback, generous(options))) as typeof vi.waitFor;
vi.waitUntil = ((callback: Parameters<typeof waitUntil>[0], options?: WaitOptions) =>
  waitUntil(callback, generous(options))) as typeof vi.waitUntil;
