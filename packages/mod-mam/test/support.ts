// Scenario-test helpers: a real server with extension modules, users with several resources.
import { type TestClient, type TestServer, startTestServer } from "@parley/server/testing";

export { strayMessages, syncAll as settle } from "@parley/server/testing";
import type { ModuleDefinition } from "@parley/server";
import { afterEach, expect } from "vitest";

const running: TestServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((t) => t.stop()));
});

export async function server(
  modules: ModuleDefinition[],
  moduleConfig: Record<string, Record<string, unknown>> = {},
): Promise<TestServer> {
  const t = await startTestServer({ extraModules: modules, moduleConfig });
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

const MAM = "urn:xmpp:mam:2";
let queries = 0;

export interface MamResult {
  id: string;
  stamp: string | undefined;
  message: import("@parley/xml").Element | undefined;
  /** The result message as a whole. */
  raw: import("@parley/xml").Element;
}

/** Sends a MAM query (inner XML of <query/>), returns its results and the iq answer. */
export async function mamQuery(
  c: import("@parley/server/testing").TestClient,
  inner = "",
  attrs = "",
): Promise<{ results: MamResult[]; iq: import("@parley/xml").Element }> {
  const queryid = `q${++queries}`;
  const iq = await c.iq(
    `<iq type="set"><query xmlns="${MAM}" queryid="${queryid}" ${attrs}>${inner}</query></iq>`,
  );
  const results: MamResult[] = [];
  for (const el of [...c.unclaimed]) {
    const result = el.localName === "message" ? el.getChild("result", MAM) : undefined;
    if (result?.attr("queryid") !== queryid) continue;
    await c.expect((e) => e === el);
    const fwd = result.getChild("forwarded", "urn:xmpp:forward:0")!;
    results.push({
      id: result.attr("id")!,
      stamp: fwd.getChild("delay", "urn:xmpp:delay")?.attr("stamp"),
      message: fwd.getChild("message"),
      raw: el,
    });
  }
  return { results, iq };
}

export const bodies = (r: { results: MamResult[] }) =>
  r.results.map((x) => x.message?.getChildText("body"));

export function form(fields: Record<string, string | string[]>): string {
  const f = Object.entries(fields)
    .map(
      ([k, v]) =>
        `<field var="${k}">${(Array.isArray(v) ? v : [v]).map((x) => `<value>${x}</value>`).join("")}</field>`,
    )
    .join("");
  return `<x xmlns="jabber:x:data" type="submit"><field var="FORM_TYPE" type="hidden"><value>${MAM}</value></field>${f}</x>`;
}

export const rsm = (inner: string) => `<set xmlns="http://jabber.org/protocol/rsm">${inner}</set>`;
