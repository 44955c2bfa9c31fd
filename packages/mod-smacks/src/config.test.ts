import { describe, expect, it } from "vitest";
import { DEFAULT_SMACKS_CONFIG, readSmacksConfig } from "./config";
import { SmacksConfigError } from "./errors";

describe("readSmacksConfig", () => {
  it("defaults to 300 s resumption", () => {
    expect(readSmacksConfig({})).toEqual(DEFAULT_SMACKS_CONFIG);
    expect(DEFAULT_SMACKS_CONFIG.resumeTimeoutMs).toBe(300_000);
  });

  it("takes valid values", () => {
    expect(readSmacksConfig({ resumeTimeoutMs: 5000, ackTimeoutMs: 0 })).toMatchObject({
      resumeTimeoutMs: 5000,
      ackTimeoutMs: 0,
    });
  });

  it.each([
    { resumeTimeoutMs: 0 },
    { resumeTimeoutMs: "300" },
    { maxUnacked: 0 },
    { ackRequestDelayMs: -1 },
    { ackTimeoutMs: Number.NaN },
    { ackTimeoutMs: Number.POSITIVE_INFINITY },
  ])("rejects %j", (config) => {
    expect(() => readSmacksConfig(config)).toThrow(SmacksConfigError);
  });
});
