import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { exitQuietlyOnBrokenPipe } from "./broken-pipe";

const errno = (code: string) => Object.assign(new Error(`write ${code}`), { code });

describe("exitQuietlyOnBrokenPipe", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("ends the process, keeping its exit code, when the reader has gone (EPIPE)", () => {
    const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
    const stdout = new EventEmitter() as unknown as NodeJS.WriteStream;
    exitQuietlyOnBrokenPipe(stdout);
    stdout.emit("error", errno("EPIPE"));
    expect(exit).toHaveBeenCalledWith();
  });

  it("leaves other write errors to fail loudly", () => {
    const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
    const stdout = new EventEmitter() as unknown as NodeJS.WriteStream;
    exitQuietlyOnBrokenPipe(stdout);
    expect(() => stdout.emit("error", errno("ENOSPC"))).toThrow("write ENOSPC");
    expect(exit).not.toHaveBeenCalled();
  });
});
