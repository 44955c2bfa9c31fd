// EventBus: priorities, first answer wins, sync and async handlers, changes during a fire.
import { describe, expect, it } from "vitest";
import { StanzaError } from "@parley/stanza";
import { EventHandlerError } from "./errors";
import { EventBus } from "./events";

describe("EventBus", () => {
  it("runs handlers by priority, then in the order added, until one answers", async () => {
    const bus = new EventBus();
    const seen: string[] = [];
    bus.on("e", () => void seen.push("low"), -1);
    bus.on("e", () => void seen.push("a"));
    bus.on("e", () => void seen.push("high"), 5);
    bus.on("e", () => void seen.push("b"));
    expect(await bus.fire("e", {})).toBeUndefined();
    expect(seen).toEqual(["high", "a", "b", "low"]);
    bus.on("e", () => "answer", 1);
    seen.length = 0;
    expect(await bus.fire("e", {})).toBe("answer");
    expect(seen).toEqual(["high"]);
  });

  it("awaits handlers that return promises and takes sync answers as they are", async () => {
    const bus = new EventBus();
    bus.on("async", async () => undefined, 2);
    bus.on("async", async () => 42, 1);
    bus.on("async", () => "never");
    expect(await bus.fire("async", {})).toBe(42);
    bus.on("sync", () => false);
    expect(await bus.fire("sync", {})).toBe(false); // any value but undefined answers
  });

  it("reports a failing handler and goes on with the next one (sync throw and rejection)", async () => {
    const reported: [string, string][] = [];
    const bus = new EventBus((event, error) => reported.push([event, String(error)]));
    const seen: string[] = [];
    bus.on(
      "e",
      async () => {
        throw new Error("boom");
      },
      3,
    );
    bus.on(
      "e",
      () => {
        throw new Error("sync boom");
      },
      2,
    );
    bus.on("e", () => void seen.push("after"), 1);
    expect(await bus.fire("e", {})).toBeUndefined();
    expect(seen).toEqual(["after"]);
    expect(reported).toEqual([
      ["e", "Error: boom"],
      ["e", "Error: sync boom"],
    ]);
    // A later handler's answer still wins.
    bus.on("e", () => "answer");
    expect(await bus.fire("e", {})).toBe("answer");
  });

  it("failClosed: rejects with an EventHandlerError when a handler failed and none answered", async () => {
    const bus = new EventBus();
    bus.on("e", () => {
      throw new Error("boom");
    });
    const error = await bus.fire("e", {}, { failClosed: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventHandlerError);
    expect((error as EventHandlerError).event).toBe("e");
    expect((error as Error).cause).toEqual(new Error("boom"));
    bus.on("e", () => 1, -1);
    expect(await bus.fire("e", {}, { failClosed: true })).toBe(1);
  });

  it("a StanzaError is an answer: it stops the chain and rejects, unreported", async () => {
    const reported: unknown[] = [];
    const bus = new EventBus((_event, error) => reported.push(error));
    const seen: string[] = [];
    bus.on(
      "e",
      () => {
        throw new StanzaError("not-acceptable");
      },
      1,
    );
    bus.on("e", () => void seen.push("never"));
    await expect(bus.fire("e", {})).rejects.toBeInstanceOf(StanzaError);
    expect(seen).toEqual([]);
    expect(reported).toEqual([]);
  });

  it("a reporter that throws does not break the chain", async () => {
    const bus = new EventBus(() => {
      throw new Error("logger down");
    });
    bus.on(
      "e",
      () => {
        throw new Error("boom");
      },
      1,
    );
    bus.on("e", () => "still");
    expect(await bus.fire("e", {})).toBe("still");
  });

  it("a handler removed or added during a fire does not change that fire", async () => {
    const bus = new EventBus();
    const seen: string[] = [];
    let removeSecond = () => {};
    bus.on("e", () => {
      seen.push("first");
      removeSecond();
      bus.on("e", () => void seen.push("added"));
    });
    removeSecond = bus.on("e", () => void seen.push("second"));
    await bus.fire("e", {});
    expect(seen).toEqual(["first", "second"]);
    seen.length = 0;
    removeSecond = () => {};
    await bus.fire("e", {});
    expect(seen).toEqual(["first", "added"]);
    expect(bus.has("nothing")).toBe(false);
    const off = bus.on("x", () => 1);
    off();
    off(); // twice is harmless
    expect(bus.has("x")).toBe(false);
    expect(await bus.fire("x", {})).toBeUndefined();
  });
});
