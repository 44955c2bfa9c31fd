import { describe, expect, it } from "vitest";
import { Metrics } from "../core/metrics";
import { silentLogger } from "../logger";
import { ACCOUNT_DELAY_BASE_MS, AuthThrottle, type AuthThrottleOptions } from "./auth-throttle";
import { RefusalLog } from "./refusal-log";

const options: AuthThrottleOptions = {
  authFailuresPerIp: 3,
  authFailureWindowMs: 60_000,
  authBanMs: 10_000,
  authFailuresPerAccount: 2,
  authAccountMaxDelayMs: 5_000,
  authTrackedEntries: 100,
};

function throttle(overrides: Partial<AuthThrottleOptions> = {}) {
  const clock = { now: 1_000_000 };
  const metrics = new Metrics();
  const t = new AuthThrottle(
    { ...options, ...overrides },
    new RefusalLog(metrics, silentLogger),
    () => clock.now,
  );
  return { t, clock, metrics };
}

describe("AuthThrottle per address", () => {
  it("bans an address at the Nth failure within the window, for authBanMs", () => {
    const { t, clock, metrics } = throttle();
    t.failed("a", "juliet");
    t.failed("a", "juliet");
    expect(t.isBanned("a")).toBe(false);
    t.failed("a", "juliet");
    expect(t.isBanned("a")).toBe(true);
    expect(t.isBanned("b")).toBe(false);
    expect(metrics.get("limits.auth.address-banned")).toBe(1);
    clock.now += 9_999;
    expect(t.isBanned("a")).toBe(true);
    clock.now += 1;
    expect(t.isBanned("a")).toBe(false);
    // A fresh start after the ban: one more failure does not ban again.
    t.failed("a", "juliet");
    expect(t.isBanned("a")).toBe(false);
  });

  it("forgets failures older than the window", () => {
    const { t, clock } = throttle();
    t.failed("a", undefined);
    t.failed("a", undefined);
    clock.now += 60_000;
    t.failed("a", undefined);
    expect(t.isBanned("a")).toBe(false);
  });

  it("resets an address's failures on a success from it", () => {
    const { t } = throttle();
    t.failed("a", "juliet");
    t.failed("a", "juliet");
    t.succeeded("a");
    t.failed("a", "juliet");
    t.failed("a", "juliet");
    expect(t.isBanned("a")).toBe(false);
  });

  it("bans nobody when authFailuresPerIp is 0", () => {
    const { t } = throttle({ authFailuresPerIp: 0 });
    for (let i = 0; i < 50; i++) t.failed("a", undefined);
    expect(t.isBanned("a")).toBe(false);
    expect(t.tracked.addresses).toBe(0);
  });
});

describe("AuthThrottle per account", () => {
  it("delays nothing for the first failures, then 1 s doubling up to the maximum", () => {
    const { t } = throttle();
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      delays.push(t.accountDelayMs("juliet"));
      t.failed(`10.0.0.${i}`, "juliet"); // from many addresses: no address is banned
    }
    expect(delays).toEqual([
      0,
      0,
      ACCOUNT_DELAY_BASE_MS,
      2 * ACCOUNT_DELAY_BASE_MS,
      4 * ACCOUNT_DELAY_BASE_MS,
      5_000,
      5_000,
    ]);
    expect(t.accountDelayMs("romeo")).toBe(0);
  });

  it("never locks the account out: a success is not refused, and the delay decays", () => {
    const { t, clock } = throttle();
    for (let i = 0; i < 5; i++) t.failed(`10.0.0.${i}`, "juliet");
    t.succeeded("10.0.0.99");
    expect(t.accountDelayMs("juliet")).toBe(5_000);
    clock.now += 60_000;
    expect(t.accountDelayMs("juliet")).toBe(0);
  });
});

describe("AuthThrottle tables", () => {
  it("hold at most authTrackedEntries addresses and accounts, dropping the least recent", () => {
    const { t } = throttle({ authTrackedEntries: 10, authFailuresPerIp: 2 });
    t.failed("first", "first-account");
    t.failed("first", "first-account");
    expect(t.isBanned("first")).toBe(true);
    for (let i = 0; i < 1000; i++) t.failed(`10.0.${i >> 8}.${i & 255}`, `user${i}`);
    expect(t.tracked).toEqual({ addresses: 10, accounts: 10 });
    expect(t.isBanned("first")).toBe(false);
  });
});
