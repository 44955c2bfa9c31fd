import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { PromptCancelledError, hiddenPrompt } from "./hidden-prompt";

/** A stdin that claims to be a terminal, recording raw-mode switches, and what was shown. */
function fakeTty() {
  const input = new PassThrough() as unknown as NodeJS.ReadStream & { isTTY: boolean };
  const raw: boolean[] = [];
  input.isTTY = true;
  input.setRawMode = (mode: boolean) => {
    raw.push(mode);
    return input;
  };
  const out = new PassThrough();
  let shown = "";
  out.on("data", (d: Buffer) => {
    shown += d.toString();
  });
  return { input, output: out as unknown as NodeJS.WriteStream, raw, shown: () => shown };
}

describe("hiddenPrompt", () => {
  it("reads until Enter with echo off, Backspace deleting a whole character", async () => {
    const tty = fakeTty();
    const answer = hiddenPrompt("Password: ", tty.input, tty.output);
    tty.input.write("pä🔑X\u007f\r");
    expect(await answer).toBe("pä🔑");
    expect(tty.shown()).toBe("Password: \n");
    expect(tty.raw).toEqual([true, false]);
  });

  it.each([
    ["Ctrl-C", "\u0003"],
    ["Ctrl-D", "\u0004"],
  ])("rejects on %s and leaves raw mode", async (_, key) => {
    const tty = fakeTty();
    const answer = hiddenPrompt("Password: ", tty.input, tty.output);
    tty.input.write(`abc${key}`);
    await expect(answer).rejects.toBeInstanceOf(PromptCancelledError);
    expect(tty.raw).toEqual([true, false]);
  });

  it("stops listening once answered: later keys are not read", async () => {
    const tty = fakeTty();
    const answer = hiddenPrompt("Password: ", tty.input, tty.output);
    tty.input.write("one\rtwo");
    expect(await answer).toBe("one");
    expect(tty.input.listenerCount("data")).toBe(0);
  });
});
