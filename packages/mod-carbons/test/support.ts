// Scenario-test helpers: a real server with the carbons module, users with several resources.
import { type TestClient, type TestServer, startTestServer } from "@parley/server/testing";

export { strayMessages, syncAll as settle } from "@parley/server/testing";
import type { ModuleDefinition } from "@parley/server";
import { afterEach, expect } from "vitest";

const running: TestServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((t) => t.stop()));
});

export async function server(modules: ModuleDefinition[]): Promise<TestServer> {
  const t = await startTestServer({ extraModules: modules });
  running.push(t);
  return t;
}

/** Logs in `local/resource`, sends available presence, optionally enables carbons. */
export async function online(
  t: TestServer,
  local: string,
  resource: string,
  options: { priority?: number; carbons?: boolean } = {},
): Promise<TestClient> {
  const c = await t.login(local, { resource });
  c.send(`<presence><priority>${options.priority ?? 0}</priority></presence>`);
  if (options.carbons) {
    const r = await c.iq(`<iq type="set"><enable xmlns="urn:xmpp:carbons:2"/></iq>`);
    expect(r.attr("type")).toBe("result");
  }
  await c.sync();
  return c;
}
