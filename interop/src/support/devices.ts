// Scripted devices (TestClient) of the interplay scenario: log in, carbons, presence, CSI and
// XEP-0198 steps, each waiting for the server's answer.
import { csiStateOf } from "@parley/mod-csi";
import type { TestClient, TestServer } from "@parley/server/testing";
import type { Element } from "@parley/xml";
import { expect, vi } from "vitest";
import { NS_CSI, NS_SM } from "./mobile";

/** A logged-in device of `local` (password "<local>-pw"), available, optionally with carbons. */
export async function device(
  t: TestServer,
  local: string,
  resource: string,
  options: { carbons?: boolean; sm?: boolean } = {},
): Promise<{ client: TestClient; enabled: Element | undefined }> {
  const client = await t.login(local, { password: `${local}-pw`, resource });
  let enabled: Element | undefined;
  if (options.sm) {
    client.send(`<enable xmlns="${NS_SM}" resume="true"/>`);
    enabled = await client.expect((e) => e.ns === NS_SM && e.localName === "enabled");
    expect(enabled.attr("resume")).toBe("true");
  }
  if (options.carbons) {
    const r = await client.iq(`<iq type="set"><enable xmlns="urn:xmpp:carbons:2"/></iq>`);
    expect(r.attr("type")).toBe("result");
  }
  client.send("<presence/>");
  await client.expect((e) => isPresence(e, client.jid!, client.jid!));
  return { client, enabled };
}

/**
 * An available presence from `from` (with that `show`) for `to`: addressed to that full JID or,
 * as broadcasts are (RFC 6121 §4.4.2), to its bare JID.
 */
export function isPresence(el: Element, from: string, to?: string, show?: string): boolean {
  const addressee = el.attr("to");
  return (
    el.localName === "presence" &&
    el.attr("from") === from &&
    (to === undefined || addressee === to || addressee === to.split("/")[0]) &&
    el.attr("type") === undefined &&
    el.getChildText("show") === show
  );
}

export function isUnavailable(el: Element, from: string): boolean {
  return (
    el.localName === "presence" && el.attr("from") === from && el.attr("type") === "unavailable"
  );
}

/** Presence stanzas the server holds back for `full` (XEP-0352), read on the server. */
export function heldFor(t: TestServer, full: string): number {
  const session = t.server.sessions().find((s) => s.jid?.toString() === full);
  if (!session) throw new Error(`no session ${full}`);
  return csiStateOf(session)?.held.size ?? 0;
}

/** `<inactive/>` / `<active/>`; nothing answers it, so no round trip (an iq answer would flush). */
export function clientState(c: TestClient, state: "active" | "inactive"): void {
  c.send(`<${state} xmlns="${NS_CSI}"/>`);
}

/** `<r/>` → `<a/>`: the server handled everything sent before; returns its 'h'. */
export async function askAck(c: TestClient): Promise<number> {
  c.send(`<r xmlns="${NS_SM}"/>`);
  const a = await c.expect((e) => e.ns === NS_SM && e.localName === "a");
  return Number(a.attr("h"));
}

/** Drops the socket (no stream close) and waits until the server hibernates the session. */
export async function dropConnection(t: TestServer, c: TestClient): Promise<void> {
  const before = t.server.metrics.get("sessions.hibernated");
  c.destroy();
  await c.closed;
  await vi.waitFor(() => expect(t.server.metrics.get("sessions.hibernated")).toBe(before + 1), {
    timeout: 15_000,
  });
}

/** A new connection of `local`: STARTTLS, SASL, no bind; then `<resume previd h/>`. */
export async function resume(
  t: TestServer,
  local: string,
  previd: string,
  h: number,
): Promise<{ client: TestClient; answer: Element }> {
  const client = await t.connect();
  await client.openStream();
  await client.starttls();
  await client.authenticate(local, `${local}-pw`);
  client.send(`<resume xmlns="${NS_SM}" previd="${previd}" h="${h}"/>`);
  const answer = await client.expect(
    (e) => e.ns === NS_SM && (e.localName === "resumed" || e.localName === "failed"),
  );
  return { client, answer };
}

export { syncAll as settle } from "@parley/server/testing";
