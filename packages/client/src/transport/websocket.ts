import { ConnectionError, TimeoutError } from "../errors";
import type { ChannelBinding, Transport, TransportEvents } from "./types";

// XMPP over WebSocket (RFC 7395). Works with the browser's WebSocket and with the `ws` package
// in Node 20 (both have the `onopen`/`onmessage` properties used here).

/** The part of the WebSocket API this transport uses. */
export interface WebSocketLike {
  readonly protocol: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type WebSocketConstructor = new (url: string, protocols: string | string[]) => WebSocketLike;

export function connectWebSocket(
  WebSocketImpl: WebSocketConstructor,
  url: string,
  events: TransportEvents,
  timeoutMs: number,
): Promise<Transport> {
  return new Promise((resolve, reject) => {
    let opened = false;
    let closed = false;
    let ws: WebSocketLike;
    try {
      // RFC 7395 §3.1: the subprotocol is "xmpp".
      ws = new WebSocketImpl(url, "xmpp");
    } catch (error) {
      reject(
        new ConnectionError("connection-failed", `bad WebSocket URL ${url}`, { cause: error }),
      );
      return;
    }
    const timeout = new TimeoutError(`no WebSocket connection to ${url} in ${timeoutMs} ms`);
    const timer = setTimeout(() => {
      ws.onclose = null;
      ws.close();
      reject(timeout);
    }, timeoutMs);
    // The `ws` package says why in the error event ("Unexpected server response: 404"); browsers
    // say nothing (code 1006 only).
    let why: string | undefined;
    ws.onerror = (event) => {
      const message = (event as { message?: unknown }).message;
      if (typeof message === "string" && message !== "") why = message;
    };
    ws.onclose = (event) => {
      clearTimeout(timer);
      if (!opened) {
        reject(new ConnectionError("connection-failed", openFailure(url, event.code, why)));
        return;
      }
      if (closed) return;
      closed = true;
      const clean = event.code === 1000;
      events.close(
        clean
          ? undefined
          : new ConnectionError("connection-closed", `WebSocket closed (${event.code})`),
      );
    };
    ws.onmessage = (event) => {
      const { data } = event;
      if (typeof data === "string") events.data(data);
      else if (data instanceof ArrayBuffer) events.data(new Uint8Array(data));
      else if (data instanceof Uint8Array) events.data(data);
    };
    ws.onopen = () => {
      clearTimeout(timer);
      opened = true;
      // RFC 7395 §3.1: without the agreed subprotocol this is not an XMPP endpoint.
      if (ws.protocol !== "xmpp") {
        ws.onclose = null;
        ws.close();
        reject(new ConnectionError("connection-failed", `${url} did not agree to "xmpp"`));
        return;
      }
      resolve({
        framing: "websocket",
        encrypted: url.startsWith("wss:"),
        canStartTls: false,
        write: (text) => {
          if (!closed) ws.send(text);
        },
        startTls: () => Promise.reject(new Error("no STARTTLS over WebSocket (RFC 7395 §3.8)")),
        channelBindings: async (): Promise<ChannelBinding[]> => [],
        close: () => ws.close(1000),
        destroy: () => {
          // A WebSocket cannot be dropped without the closing handshake; report at once.
          ws.close(4000, "dropped");
          if (!closed) {
            closed = true;
            events.close(new ConnectionError("connection-closed", "connection dropped"));
          }
        },
      });
    };
  });
}

/** Why the WebSocket did not open, with the HTTP status when the server refused the upgrade. */
function openFailure(url: string, code: number, why: string | undefined): string {
  const status = why === undefined ? undefined : /server response: (\d{3})/.exec(why)?.[1];
  if (status !== undefined) {
    return `the server refused the WebSocket upgrade at ${url} (HTTP ${status}; is the path right?)`;
  }
  return why === undefined
    ? `WebSocket to ${url} failed (${code}): no connection, or the upgrade was refused`
    : `WebSocket to ${url} failed: ${why}`;
}
