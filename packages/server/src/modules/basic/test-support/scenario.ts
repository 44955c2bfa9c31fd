// Scenario-test set-up for the basic modules: one real server per test (real sockets), stopped
// after each test even when it fails.
import { afterEach } from "vitest";
import { type TestServer, type TestServerOptions, startTestServer } from "../../../testing";

const running: TestServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((t) => t.stop()));
});

/** A server with the built-in modules (IM + basic) unless `modules` says otherwise. */
export async function scenarioServer(options: TestServerOptions = {}): Promise<TestServer> {
  const t = await startTestServer(options);
  running.push(t);
  return t;
}

export const STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
