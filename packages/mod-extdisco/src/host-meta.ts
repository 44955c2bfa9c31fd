// XEP-0156 §3 HTTP lookup: /.well-known/host-meta (XRD, RFC 6415) and host-meta.json list the
// connection endpoints of web clients (WebSocket, RFC 7395; BOSH when configured), with
// `Access-Control-Allow-Origin: *` (§3.2: readable from any web page).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ExtdiscoConfig } from "./config";

export const HOST_META_PATH = "/.well-known/host-meta";
export const REL_WEBSOCKET = "urn:xmpp:alt-connections:websocket";
export const REL_BOSH = "urn:xmpp:alt-connections:xbosh";

export interface HostMetaDeps {
  config: ExtdiscoConfig;
  /** Domains served: the Host header picks one, else the first. */
  hosts: readonly string[];
  /** Port of the HTTP listener, once known. */
  httpPort(): number | undefined;
  /** WebSocket path on the HTTP listener. */
  websocketPath: string;
}

const CORS = { "access-control-allow-origin": "*" };

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

/** The links for this request: configured URLs, else the listener as the client reached it. */
export function linksFor(
  deps: HostMetaDeps,
  req: IncomingMessage,
): { rel: string; href: string }[] {
  const links: { rel: string; href: string }[] = [];
  let ws = deps.config.websocketUrl;
  const port = deps.httpPort();
  if (ws === undefined && port !== undefined) {
    const asked = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
    const host = deps.hosts.includes(asked) ? asked : deps.hosts[0];
    // Plain ws unless the request came over TLS (here or at a proxy that says so).
    const tls =
      (req.socket as { encrypted?: boolean }).encrypted === true ||
      req.headers["x-forwarded-proto"] === "https";
    ws = `${tls ? "wss" : "ws"}://${host}:${port}${deps.websocketPath}`;
  }
  if (ws !== undefined) links.push({ rel: REL_WEBSOCKET, href: ws });
  if (deps.config.boshUrl !== undefined) links.push({ rel: REL_BOSH, href: deps.config.boshUrl });
  return links;
}

export function hostMetaXrd(links: readonly { rel: string; href: string }[]): string {
  const body = links
    .map((l) => `  <Link rel="${escapeXml(l.rel)}" href="${escapeXml(l.href)}"/>\n`)
    .join("");
  return `<?xml version="1.0" encoding="utf-8"?>\n<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">\n${body}</XRD>\n`;
}

export function hostMetaJson(links: readonly { rel: string; href: string }[]): string {
  return `${JSON.stringify({ links }, null, 2)}\n`;
}

export function hostMetaHandler(deps: HostMetaDeps, format: "xrd" | "json") {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? "").split("?")[0];
    const exact = format === "xrd" ? HOST_META_PATH : `${HOST_META_PATH}.json`;
    if (path !== exact) {
      res.writeHead(404, { ...CORS, "content-type": "text/plain" }).end("not found\n");
      return;
    }
    if (req.method === "OPTIONS") {
      res
        .writeHead(204, {
          ...CORS,
          "access-control-allow-methods": "GET, HEAD, OPTIONS",
          "access-control-max-age": "86400",
        })
        .end();
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { ...CORS, allow: "GET, HEAD, OPTIONS" }).end();
      return;
    }
    const links = linksFor(deps, req);
    const body = format === "xrd" ? hostMetaXrd(links) : hostMetaJson(links);
    res.writeHead(200, {
      ...CORS,
      "content-type": format === "xrd" ? "application/xrd+xml; charset=utf-8" : "application/json",
      "content-length": String(Buffer.byteLength(body)),
      "cache-control": "max-age=3600",
    });
    res.end(req.method === "HEAD" ? undefined : body);
  };
}
