import { describe, expect, it } from "vitest";
import { checkQuota, xepStamp } from "./quota";
import type { SlotRecord } from "./slots";

const rec = (size: number, over: Partial<SlotRecord>): SlotRecord => ({
  id: "x",
  owner: "a@b",
  name: "f",
  size,
  type: undefined,
  token: "t",
  putUntil: 0,
  uploadedAt: undefined,
  ...over,
});

describe("checkQuota", () => {
  const day = 86_400_000;
  it("lets anything through without a quota", () => {
    expect(checkQuota([rec(10, { uploadedAt: 0 })], 1e9, 0, day, 1)).toEqual({ ok: true });
  });

  it("counts files and reserved slots, not expired ones", () => {
    const records = [
      rec(40, { uploadedAt: 1000 }), // expires at 1000 + day
      rec(40, { putUntil: 5000 }), // unused slot, counts until 5000
      rec(40, { uploadedAt: 0 - day }), // already expired
    ];
    expect(checkQuota(records, 20, 100, day, 2000)).toEqual({ ok: true });
    expect(checkQuota(records, 21, 100, day, 2000)).toEqual({ ok: false, retryAt: 5000 });
    expect(checkQuota(records, 61, 100, day, 2000)).toEqual({ ok: false, retryAt: 1000 + day });
    expect(checkQuota(records, 101, 100, day, 2000)).toEqual({ ok: false, retryAt: undefined });
  });

  it("has no retry time when files are kept forever", () => {
    expect(checkQuota([rec(90, { uploadedAt: 1 })], 20, 100, 0, 2)).toEqual({
      ok: false,
      retryAt: undefined,
    });
  });

  it("writes XEP-0082 UTC stamps rounded up to the second", () => {
    expect(xepStamp(Date.UTC(2017, 11, 3, 23, 42, 4, 1))).toBe("2017-12-03T23:42:05Z");
    expect(xepStamp(Date.UTC(2017, 11, 3, 23, 42, 5))).toBe("2017-12-03T23:42:05Z");
  });
});
