import { describe, expect, it } from "vitest";
import { backoffDelay } from "./reconnect";

describe("backoff with jitter", () => {
  const o = { initialDelayMs: 100, maxDelayMs: 1000 };
  it("doubles up to the cap, jittered within [cap/2, cap]", () => {
    expect([1, 2, 3, 4, 5, 50].map((a) => backoffDelay(a, o, () => 1))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect([1, 2, 5].map((a) => backoffDelay(a, o, () => 0))).toEqual([50, 100, 500]);
  });
});
