// The mobile/multi-device set-up shared by the interplay and slixmpp tests: a server with stream
// management (XEP-0198), CSI (XEP-0352), carbons (XEP-0280) and MAM (XEP-0313), two contacts
// subscribed to each other, and readers that reduce what a device received to bodies.
import { carbonsModule } from "@parley/mod-carbons";
import { csiModule } from "@parley/mod-csi";
import { mamModule } from "@parley/mod-mam";
import { smacksModule } from "@parley/mod-smacks";
import { builtinModules } from "@parley/server";
import type { TestClient, TestServer } from "@parley/server/testing";
import type { Element } from "@parley/xml";
import { startInteropServer } from "./server";

export const NS_SM = "urn:xmpp:sm:3";
export const NS_CSI = "urn:xmpp:csi:0";
export const NS_CARBONS = "urn:xmpp:carbons:2";
export const NS_FORWARD = "urn:xmpp:forward:0";
export const NS_MAM = "urn:xmpp:mam:2";
export const NS_RSM = "http://jabber.org/protocol/rsm";
export const NS_SID = "urn:xmpp:sid:0";
export const NS_DELAY = "urn:xmpp:delay";

export const MOBILE_MODULES = [
  ...builtinModules,
  smacksModule,
  csiModule,
  carbonsModule,
  mamModule,
] as const;

/** A server with the mobile modules; `smacks` is mod-smacks' config (resumeTimeoutMs, …). */
export function startMobileServer(smacks: Record<string, unknown>): Promise<TestServer> {
  return startInteropServer({ modules: MOBILE_MODULES, moduleConfig: { smacks } });
}

/** Creates romeo and juliet (passwords "<name>-pw"), each in the other's roster with "both". */
export async function lovers(t: TestServer): Promise<{ romeo: string; juliet: string }> {
  const romeo = await t.addUser("romeo", "romeo-pw");
  const juliet = await t.addUser("juliet", "juliet-pw");
  await t.storage.roster.setItem(romeo, { jid: juliet, subscription: "both", groups: [] });
  await t.storage.roster.setItem(juliet, { jid: romeo, subscription: "both", groups: [] });
  return { romeo, juliet };
}

export function chat(to: string, body: string): string {
  return `<message type="chat" to="${to}" id="${body}"><body>${body}</body></message>`;
}

/** What a device got of one message: directly, or as a sent/received carbon. */
export interface Seen {
  body: string;
  kind: "direct" | "sent" | "received";
  /** The archive id of the device's own account (XEP-0359 stanza-id by = its bare JID). */
  stanzaId: string | undefined;
  /** XEP-0203 stamp on the delivered stanza (offline delivery). */
  delayed: boolean;
  element: Element;
}

/**
 * A received chat message reduced to what a user would see, or undefined for anything else
 * (presence, iq, SM nonzas, MAM results, carbons not from `account`).
 */
export function seen(el: Element, account: string): Seen | undefined {
  if (el.localName !== "message" || el.getChild("result", NS_MAM)) return undefined;
  const delayed = el.getChild("delay", NS_DELAY) !== undefined;
  for (const kind of ["sent", "received"] as const) {
    const wrapper = el.getChild(kind, NS_CARBONS);
    if (!wrapper) continue;
    if (el.attr("from") !== account) return undefined;
    const inner = wrapper.getChild("forwarded", NS_FORWARD)?.getChild("message", "jabber:client");
    const body = inner?.getChildText("body");
    if (!inner || body === undefined) return undefined;
    return { body, kind, stanzaId: stanzaIdOf(inner, account), delayed, element: el };
  }
  const body = el.getChildText("body");
  if (body === undefined) return undefined;
  return { body, kind: "direct", stanzaId: stanzaIdOf(el, account), delayed, element: el };
}

export function stanzaIdOf(message: Element, account: string): string | undefined {
  return message
    .getChildren("stanza-id", NS_SID)
    .find((s) => s.attr("by") === account)
    ?.attr("id");
}

/** Everything the connections of one device showed, in order. */
export function seenBy(connections: readonly TestClient[], account: string): Seen[] {
  return connections.flatMap((c) => c.received.flatMap((el) => seen(el, account) ?? []));
}

/** body → how many times it was seen. */
export function tally(items: readonly { body: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { body } of items) out[body] = (out[body] ?? 0) + 1;
  return out;
}

/** Each of `bodies` once, nothing else. */
export function once(bodies: readonly string[]): Record<string, number> {
  return Object.fromEntries(bodies.map((b) => [b, 1]));
}

/** XEP-0198: stanzas (not nonzas) a connection received after `marker` (<enabled/>, <resumed/>). */
export function stanzasAfter(c: TestClient, marker: Element): number {
  const start = c.received.indexOf(marker);
  if (start === -1) throw new Error(`marker <${marker.localName}/> not received`);
  return c.received
    .slice(start + 1)
    .filter((e) => e.ns === "jabber:client" && ["message", "presence", "iq"].includes(e.localName))
    .length;
}

export interface ArchiveEntry {
  id: string;
  from: string | undefined;
  to: string | undefined;
  body: string | undefined;
}

/** The whole archive of `c`'s account, paged forwards with RSM `max` (XEP-0313 §4, XEP-0059). */
export async function wholeArchive(c: TestClient, max = 3): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = [];
  let after: string | undefined;
  for (let page = 0; page < 100; page++) {
    const queryid = `q${page}-${Math.random().toString(36).slice(2)}`;
    const rsm = `<set xmlns="${NS_RSM}"><max>${max}</max>${after ? `<after>${after}</after>` : ""}</set>`;
    const answer = await c.iq(
      `<iq type="set"><query xmlns="${NS_MAM}" queryid="${queryid}">${rsm}</query></iq>`,
    );
    if (answer.attr("type") !== "result") throw new Error(`MAM query failed: ${answer}`);
    const results = c.unclaimed.filter(
      (e) => e.localName === "message" && e.getChild("result", NS_MAM)?.attr("queryid") === queryid,
    );
    // Claim them, so that they do not linger as unclaimed stanzas.
    for (const r of [...results]) await c.expect((e) => e === r);
    for (const r of results) {
      const result = r.getChild("result", NS_MAM)!;
      const m = result.getChild("forwarded", NS_FORWARD)?.getChild("message", "jabber:client");
      entries.push({
        id: result.attr("id") ?? "",
        from: m?.attr("from"),
        to: m?.attr("to"),
        body: m?.getChildText("body"),
      });
    }
    const fin = answer.getChild("fin", NS_MAM);
    after = fin?.getChild("set", NS_RSM)?.getChildText("last", NS_RSM);
    if (fin?.attr("complete") === "true" || after === undefined) return entries;
  }
  throw new Error("the archive never said complete='true'");
}

/** Waits until `c` got each of `bodies` (directly or as a carbon); returns what matched. */
export async function expectBodies(
  c: TestClient,
  account: string,
  bodies: readonly string[],
): Promise<Seen[]> {
  const out: Seen[] = [];
  for (const body of bodies) {
    const el = await c.expect((e) => seen(e, account)?.body === body, { timeoutMs: 15_000 });
    out.push(seen(el, account)!);
  }
  return out;
}
