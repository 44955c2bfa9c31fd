// Shared set-up of the scenario tests: one server per test, stopped even when the test fails.
import { afterEach } from "vitest";
import { type TestServer, type TestServerOptions, startTestServer } from "../src/testing";

const running: TestServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((t) => t.stop()));
});

export async function server(options: TestServerOptions = {}): Promise<TestServer> {
  const t = await startTestServer({ modules: [], ...options });
  running.push(t);
  return t;
}

export const STREAMS = "urn:ietf:params:xml:ns:xmpp-streams";
export const STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
export const SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
export const TLS = "urn:ietf:params:xml:ns:xmpp-tls";
export const BIND = "urn:ietf:params:xml:ns:xmpp-bind";
