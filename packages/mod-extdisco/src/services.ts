// XEP-0215 §3.1 <services/> and §3.2 <credentials/> answers from the configured services.
import { StanzaError } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";
import type { ExternalService } from "./config";
import { turnRestCredentials, xepDateTime } from "./credentials";

export const NS_EXTDISCO = "urn:xmpp:extdisco:2";

/** One <service/>; credentials included when `withCredentials` (and the service has any). */
export function serviceElement(
  s: ExternalService,
  user: string,
  withCredentials: boolean,
  nowMs: number,
): Element {
  const attrs: Record<string, string> = { type: s.type, host: s.host };
  if (s.port !== undefined) attrs.port = String(s.port);
  if (s.transport !== undefined) attrs.transport = s.transport;
  if (s.name !== undefined) attrs.name = s.name;
  const hasCredentials = s.secret !== undefined || s.username !== undefined;
  if (hasCredentials && withCredentials) {
    if (s.secret !== undefined) {
      const c = turnRestCredentials(s.secret, user, s.ttl, nowMs);
      attrs.username = c.username;
      attrs.password = c.password;
      attrs.expires = xepDateTime(c.expiresAt * 1000);
    } else {
      attrs.username = s.username!;
      if (s.password !== undefined) attrs.password = s.password;
      if (s.expires !== undefined) attrs.expires = xepDateTime(Date.parse(s.expires));
    }
  } else if (hasCredentials) {
    attrs.restricted = "true"; // §3.1: ask for them with <credentials/>
  }
  return xml("service", attrs);
}

/** §3.1: all services, or those of one type (`type` attribute of the request). */
export function servicesAnswer(
  services: readonly ExternalService[],
  request: Element,
  user: string,
  nowMs = Date.now(),
): Element {
  const type = request.attr("type")?.toLowerCase();
  const chosen = services.filter((s) => type === undefined || s.type === type);
  return xml(
    "services",
    { xmlns: NS_EXTDISCO, ...(type === undefined ? {} : { type }) },
    ...chosen.map((s) => serviceElement(s, user, !s.restricted, nowMs)),
  );
}

/** §3.2: credentials of the services named by host (and type, port when given). */
export function credentialsAnswer(
  services: readonly ExternalService[],
  request: Element,
  user: string,
  nowMs = Date.now(),
): Element {
  const wanted = request.getChildren("service", NS_EXTDISCO);
  if (wanted.length === 0) {
    throw new StanzaError("bad-request", { text: "name a <service host=…/>", lang: "en" });
  }
  const found: Element[] = [];
  for (const w of wanted) {
    const host = w.attr("host");
    if (!host) throw new StanzaError("bad-request", { text: "'host' is required", lang: "en" });
    const type = w.attr("type")?.toLowerCase();
    const port = w.attr("port");
    const matches = services.filter(
      (s) =>
        s.host === host &&
        (type === undefined || s.type === type) &&
        (port === undefined || String(s.port) === port),
    );
    if (matches.length === 0) throw new StanzaError("item-not-found");
    found.push(...matches.map((s) => serviceElement(s, user, true, nowMs)));
  }
  return xml("credentials", { xmlns: NS_EXTDISCO }, ...found);
}
