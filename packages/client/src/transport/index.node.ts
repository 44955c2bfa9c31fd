import WebSocket from "ws";
import { ConnectionError } from "../errors";
import { discoverEndpoints } from "./node/discovery";
import type { SrvTarget } from "./srv-order";
import { connectTcp } from "./node/tcp";
import type { ConnectRequest, Connector, Transport } from "./types";
import { type WebSocketConstructor, connectWebSocket } from "./websocket";

// Transports for Node: TCP (STARTTLS or direct TLS, with SRV discovery) and WebSocket through
// the `ws` package (Node 20 has no global WebSocket). Picked by the "node" export condition.

export const platform = "node";

export const connect: Connector = async (request: ConnectRequest): Promise<Transport> => {
  if (request.url !== undefined) {
    const Impl = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket ?? WebSocket;
    return connectWebSocket(
      Impl as unknown as WebSocketConstructor,
      request.url,
      request.events,
      request.timeoutMs,
    );
  }
  const targets = await targetsFor(request);
  if (targets.length === 0) {
    throw new ConnectionError("connection-failed", `${request.domain} offers no XMPP service`);
  }
  let lastError: unknown;
  for (const target of targets) {
    if (request.tls === "none" && target.tls === "direct") continue;
    try {
      return await connectTcp({
        host: target.name,
        port: target.port,
        domain: request.domain,
        direct: target.tls === "direct",
        insecure: request.insecure === true,
        timeoutMs: request.timeoutMs,
        events: request.events,
      });
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
};

async function targetsFor(request: ConnectRequest): Promise<SrvTarget[]> {
  const tls = request.tls === "direct" ? "direct" : "starttls";
  if (request.host !== undefined) {
    const port = request.port ?? (tls === "direct" ? 5223 : 5222);
    return [{ name: request.host, port, priority: 0, weight: 0, tls }];
  }
  const found = await discoverEndpoints(request.domain);
  // An explicit TLS mode keeps only the records of that kind (when there are any).
  if (request.tls === "direct" || request.tls === "starttls") {
    const kept = found.filter((t) => t.tls === tls);
    if (request.port !== undefined) return kept.map((t) => ({ ...t, port: request.port! }));
    return kept.length > 0
      ? kept
      : [{ name: request.domain, port: 5223, priority: 0, weight: 0, tls }];
  }
  return found;
}
