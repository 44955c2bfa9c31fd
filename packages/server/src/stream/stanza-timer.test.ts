import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { StanzaTimer } from "./stanza-timer";

describe("StanzaTimer", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup() {
    const progress = { unitsParsed: 0, pendingBytes: 0 };
    const expired = vi.fn();
    const timer = new StanzaTimer(1000, progress, expired);
    return { progress, expired, timer };
  }

  it("arms nothing while no partial unit is held", () => {
    const { timer, expired } = setup();
    timer.check();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(5000);
    expect(expired).not.toHaveBeenCalled();
  });

  it("expires when the same unit is still incomplete after the timeout", () => {
    const { progress, timer, expired } = setup();
    progress.pendingBytes = 10;
    timer.check();
    timer.check(); // one timer at most
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it("does not expire when the unit completed; a later partial unit gets its own time", () => {
    const { progress, timer, expired } = setup();
    progress.pendingBytes = 10;
    timer.check();
    progress.unitsParsed = 1; // completed, and the next one is under way
    vi.advanceTimersByTime(1000);
    expect(expired).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it("stops re-arming once nothing is pending, and stop() clears it", () => {
    const { progress, timer, expired } = setup();
    progress.pendingBytes = 10;
    timer.check();
    progress.pendingBytes = 0;
    vi.advanceTimersByTime(1000);
    expect(vi.getTimerCount()).toBe(0);
    progress.pendingBytes = 5;
    timer.check();
    timer.stop();
    vi.advanceTimersByTime(5000);
    expect(expired).not.toHaveBeenCalled();
  });
});
