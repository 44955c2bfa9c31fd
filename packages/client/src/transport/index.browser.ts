import { ConnectionError } from "../errors";
import type { ConnectRequest, Connector, Transport } from "./types";
import { type WebSocketConstructor, connectWebSocket } from "./websocket";

// Transports for browsers (and any runtime without the "node" condition): WebSocket only,
// through the platform's global WebSocket. No Node module is imported here.

export const platform = "browser";

export const connect: Connector = async (request: ConnectRequest): Promise<Transport> => {
  const Impl = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (request.url === undefined) {
    throw new ConnectionError("connection-failed", "in a browser a WebSocket `url` is required");
  }
  if (!Impl) throw new ConnectionError("connection-failed", "no WebSocket in this runtime");
  return connectWebSocket(Impl, request.url, request.events, request.timeoutMs);
};
