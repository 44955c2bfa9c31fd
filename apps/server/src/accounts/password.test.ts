import { PassThrough } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { UsageError } from "../errors";
import { obtainPassword } from "./password";

/** A stdin that claims to be a terminal, recording raw-mode switches. */
function fakeTty(): {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
  raw: boolean[];
  shown: () => string;
} {
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

describe("obtainPassword", () => {
  it("prompts twice on a terminal with echo off, handling backspace", async () => {
    const tty = fakeTty();
    const result = obtainPassword({ input: tty.input, output: tty.output });
    tty.input.write("s3cretX\u007f\r");
    await vi.waitFor(() => expect(tty.shown()).toContain("Password (again): "));
    tty.input.write("s3cret\r");
    expect(await result).toBe("s3cret");
    expect(tty.shown()).toBe("Password: \nPassword (again): \n");
    expect(tty.raw).toEqual([true, false, true, false]);
  });

  it("refuses two different entries, and Ctrl-C", async () => {
    const tty = fakeTty();
    const mismatch = obtainPassword({ input: tty.input, output: tty.output });
    tty.input.write("one\r");
    await vi.waitFor(() => expect(tty.shown()).toContain("Password (again): "));
    tty.input.write("two\r");
    await expect(mismatch).rejects.toThrow(new UsageError("the passwords do not match"));
    const other = fakeTty();
    const cancelled = obtainPassword({ input: other.input, output: other.output });
    other.input.write("abc\u0003");
    await expect(cancelled).rejects.toThrow("cancelled");
    expect(other.raw).toEqual([true, false]);
  });

  it("reads one line from a pipe, and prefers --password", async () => {
    const pipe = new PassThrough() as unknown as NodeJS.ReadStream;
    const result = obtainPassword({ input: pipe });
    pipe.write("pass word\r\nnext");
    expect(await result).toBe("pass word");
    const unused = new PassThrough() as unknown as NodeJS.ReadStream;
    expect(await obtainPassword({ given: "given", input: unused })).toBe("given");
  });

  it("takes a last line without a newline, and refuses an empty one", async () => {
    const pipe = new PassThrough() as unknown as NodeJS.ReadStream;
    const result = obtainPassword({ input: pipe });
    (pipe as unknown as PassThrough).end("no newline");
    expect(await result).toBe("no newline");
    const empty = new PassThrough();
    const refused = obtainPassword({ input: empty as unknown as NodeJS.ReadStream });
    empty.end("");
    await expect(refused).rejects.toThrow("the password is empty");
  });
});
