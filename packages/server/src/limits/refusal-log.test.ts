import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { Metrics } from "../core/metrics";
import type { Logger } from "../module-api";
import { watchListenerErrors } from "./listener-errors";
import { RefusalLog } from "./refusal-log";

function recordingLogger() {
  const lines: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  const at =
    (level: string) =>
    (msg: string, fields?: Record<string, unknown>): void => {
      lines.push({ level, msg, fields });
    };
  const log: Logger = {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
  };
  return { log, lines };
}

describe("RefusalLog", () => {
  it("counts every event and logs one line per kind per interval, with the count left out", () => {
    const clock = { now: 0 };
    const metrics = new Metrics();
    const { log, lines } = recordingLogger();
    const refusals = new RefusalLog(metrics, log, () => clock.now, 1000);
    for (let i = 0; i < 500; i++) refusals.record("limits.refused.x", "refused", { i });
    refusals.record("limits.refused.y", "other");
    expect(metrics.get("limits.refused.x")).toBe(500);
    expect(lines.map((l) => l.msg)).toEqual(["refused", "other"]);
    clock.now = 1000;
    refusals.record("limits.refused.x", "refused", { i: 500 });
    expect(lines[2]).toEqual({
      level: "warn",
      msg: "refused",
      fields: { i: 500, suppressed: 499 },
    });
  });
});

describe("watchListenerErrors", () => {
  it("counts and logs accept errors (EMFILE) that used to be swallowed", () => {
    const metrics = new Metrics();
    const { log, lines } = recordingLogger();
    const server = createServer();
    watchListenerErrors(server, "c2s", new RefusalLog(metrics, log));
    const emfile = Object.assign(new Error("accept EMFILE"), { code: "EMFILE" });
    for (let i = 0; i < 3; i++) server.emit("error", emfile);
    expect(metrics.get("listener.errors.EMFILE")).toBe(3);
    expect(lines).toEqual([
      {
        level: "error",
        msg: "c2s listener error",
        fields: { code: "EMFILE", error: "accept EMFILE" },
      },
    ]);
  });
});
