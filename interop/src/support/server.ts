// The Parley server under test: the scenario harness with the interop certificate (the one the
// peers trust, see global-setup.ts) and encryption required unless a test says otherwise.
import { type TestServer, type TestServerOptions, startTestServer } from "@parley/server/testing";
import { inject } from "vitest";

export function startInteropServer(options: TestServerOptions = {}): Promise<TestServer> {
  return startTestServer({
    tls: { key: inject("tlsKey"), cert: inject("tlsCert") },
    requireEncryption: true,
    ...options,
  });
}

/** Things to stop after each test, stopped in reverse order even when the test failed. */
export class Cleanup {
  private readonly tasks: Array<() => Promise<void> | void> = [];

  add<T>(thing: T, stop: (thing: T) => Promise<void> | void): T {
    this.tasks.push(() => stop(thing));
    return thing;
  }

  async run(): Promise<void> {
    const errors: unknown[] = [];
    for (const task of this.tasks.splice(0).reverse()) {
      try {
        await task();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, "cleanup failed");
  }
}
