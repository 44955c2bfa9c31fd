import { describe, expect, it } from "vitest";
import { Inbox, within } from "./waits";

describe("Inbox", () => {
  it("hands out queued and future items to the first matching taker, in any order", async () => {
    const inbox = new Inbox<number>(String);
    inbox.push(1);
    const even = inbox.take((n) => n % 2 === 0, "an even number");
    inbox.push(3);
    inbox.push(4);
    expect(await even).toBe(4);
    expect(await inbox.take((n) => n === 1, "one")).toBe(1);
    expect(inbox.unclaimed).toEqual([3]);
  });

  it("fails a wait with what was awaited and what arrived instead", async () => {
    const inbox = new Inbox<string>((s) => `<${s}>`);
    inbox.push("noise");
    await expect(inbox.take((s) => s === "signal", "the signal", 10)).rejects.toThrow(
      /nothing arrived within 10 ms: the signal\nlast received:\n {2}<noise>/,
    );
  });

  it("fails pending and later waits once closed", async () => {
    const inbox = new Inbox<string>(String);
    const pending = inbox.take(() => true, "anything");
    inbox.close(new Error("peer exited"));
    await expect(pending).rejects.toThrow(/peer exited; was waiting for anything/);
    await expect(inbox.take(() => true, "more")).rejects.toThrow(/peer exited; no more/);
  });
});

describe("within", () => {
  it("passes a result through and turns a hang into a named timeout", async () => {
    expect(await within(Promise.resolve(7), "seven")).toBe(7);
    await expect(within(new Promise(() => {}), "a hang", 5)).rejects.toThrow(
      "timed out after 5 ms: a hang",
    );
  });
});
