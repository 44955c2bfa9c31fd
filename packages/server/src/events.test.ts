// EventBus: priorities, first answer wins, sync and async handlers, changes during a fire.
import { describe, expect, it } from "vitest";
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
    bus.on("fails", async () => {
      throw new Error("boom");
    });
    await expect(bus.fire("fails", {})).rejects.toThrow("boom");
    bus.on("throws", () => {
      throw new Error("sync boom");
    });
    await expect(bus.fire("throws", {})).rejects.toThrow("sync boom");
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
