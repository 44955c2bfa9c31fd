// One printed line per listener: what it speaks and where.
import { type BoundAddress, type ServerAddresses, WEBSOCKET_PATH } from "@parley/server";

export function hostPort({ address, port }: BoundAddress): string {
  return address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
}

export function listenerLines(addresses: ServerAddresses): string[] {
  const lines: string[] = [];
  if (addresses.c2s) lines.push(`listening: c2s (STARTTLS) on ${hostPort(addresses.c2s)}`);
  if (addresses.c2sTls)
    lines.push(`listening: c2s direct TLS (XEP-0368) on ${hostPort(addresses.c2sTls)}`);
  if (addresses.http) {
    const where = hostPort(addresses.http);
    lines.push(
      `listening: HTTP on ${where}, WebSocket (RFC 7395) at ws://${where}${WEBSOCKET_PATH}`,
    );
  }
  return lines;
}
