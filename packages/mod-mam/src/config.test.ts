// Config validation and XEP-0082 date-time parsing (bad input as carefully as good).
import { startTestServer } from "@parley/server/testing";
import { MemoryStorage } from "@parley/storage";
import { describe, expect, it } from "vitest";
import { formatDateTime, parseDateTime } from "./codec";
import { MamConfigError, MamStorageError, mamModule, readMamConfig } from "./index";

describe("config", () => {
  it("defaults and validation", () => {
    expect(readMamConfig({})).toEqual({
      defaultPolicy: "always",
      defaultPageSize: 50,
      maxPageSize: 250,
      batchSize: 5000,
      batchDelayMs: 0,
      maxBacklog: 10_000,
    });
    expect(readMamConfig({ defaultPolicy: "roster", maxPageSize: 10 })).toEqual({
      defaultPolicy: "roster",
      defaultPageSize: 10,
      maxPageSize: 10,
      batchSize: 5000,
      batchDelayMs: 0,
      maxBacklog: 10_000,
    });
    expect(readMamConfig({ batchSize: 1, batchDelayMs: 1000, maxBacklog: 1 })).toMatchObject({
      batchSize: 1,
      batchDelayMs: 1000,
      maxBacklog: 1,
    });
    for (const bad of [
      { defaultPolicy: "sometimes" },
      { maxPageSize: 0 },
      { defaultPageSize: 1.5 },
      { defaultPageSize: 20, maxPageSize: 10 },
      { maxPageSize: "many" },
      { batchSize: 0 },
      { batchSize: 100_001 },
      { batchSize: 2.5 },
      { batchDelayMs: -1 },
      { batchDelayMs: 1001 },
      { batchDelayMs: "5" },
      { maxBacklog: 0 },
      { maxBacklog: 10_000_001 },
      { maxBacklog: "lots" },
    ]) {
      expect(() => readMamConfig(bad)).toThrow(MamConfigError);
    }
  });

  it("a server whose storage has no archive does not start", async () => {
    const storage = new MemoryStorage();
    const withoutArchive = Object.create(storage, { archive: { value: undefined } });
    await expect(
      startTestServer({ extraModules: [mamModule], storage: withoutArchive }),
    ).rejects.toThrow(MamStorageError);
  });
});

describe("XEP-0082 DateTime", () => {
  it("parses UTC, offsets and fractions; formats back without zero milliseconds", () => {
    expect(parseDateTime("2010-07-10T23:08:25Z")!.toISOString()).toBe("2010-07-10T23:08:25.000Z");
    expect(parseDateTime("2010-07-10T23:08:25.5+02:00")!.toISOString()).toBe(
      "2010-07-10T21:08:25.500Z",
    );
    expect(formatDateTime(new Date("2010-07-10T23:08:25.000Z"))).toBe("2010-07-10T23:08:25Z");
    expect(formatDateTime(new Date("2010-07-10T23:08:25.120Z"))).toBe("2010-07-10T23:08:25.120Z");
  });

  it.each([
    "",
    "2010-07-10",
    "2010-07-10T23:08:25",
    "2010-13-01T00:00:00Z",
    "2010-02-30T00:00:00Z",
    "2010-07-10T24:00:00Z",
    "10-07-10T23:08:25Z",
    "2010-07-10T23:08:25Z junk",
  ])("rejects %j", (text) => {
    expect(parseDateTime(text)).toBeUndefined();
  });
});
