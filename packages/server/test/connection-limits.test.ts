// Connection limits of issue 12 over real sockets: connections per address on every listener,
// unauthenticated connections in total, resources per account (RFC 6120 §7.6.2.1).
import { connect as netConnect } from "node:net";
import { describe, expect, it, vi } from "vitest";
import type { ServerLimits } from "../src/limits";
import type { TestServer } from "../src/testing";
import { BIND, STANZAS, server } from "./helpers";

/** Connects and opens a stream; fails when the server refuses. */
async function openFrom(t: TestServer, localAddress?: string) {
  const c = await t.connect("tcp", { localAddress });
  await c.openStream();
  return c;
}

describe("limits.connectionsPerIp", () => {
  it("counts TCP, direct TLS and WebSocket together and refuses past the limit", async () => {
    const t = await server({ limits: { connectionsPerIp: 3 } });
    const tcp = await t.connect("tcp");
    await tcp.openStream();
    const ws = await t.connect("websocket");
    await ws.openStream();
    const tls = await t.connect("tls");
    await tls.openStream();

    // RFC 6120 §4.9.3.14: plain c2s learns why.
    const refused = await t.connect("tcp");
    const error = await refused.expectStreamError("policy-violation");
    expect(error.toString()).toContain("too many connections from your address");
    await refused.closed;
    // Direct TLS and HTTP are closed before any handshake or request.
    await expect(t.connect("tls")).rejects.toThrow();
    await expect(t.connect("websocket")).rejects.toThrow();
    expect(t.server.metrics.get("limits.refused.connections-per-ip")).toBe(3);

    // Another address has its own share (all of 127.0.0.0/8 is loopback on Linux).
    const other = await openFrom(t, "127.0.0.2");
    expect(other.header?.from).toBe("localhost");

    // A closed connection gives its place back, on every listener.
    await tcp.close();
    await vi.waitFor(() => openFrom(t), { timeout: 20_000, interval: 50 });
    await Promise.all([ws.close(), tls.close(), other.close()]);
    const { connections } = (t.server as unknown as { limits: ServerLimits }).limits;
    await vi.waitFor(() => expect(connections.socketsFrom("127.0.0.1")).toBe(1), {
      timeout: 20_000,
    });
    expect(connections.socketsFrom("127.0.0.2")).toBe(0);
  });

  it("refuses a raw connection that never speaks, and a refused client cannot hold a socket", async () => {
    const t = await server({ limits: { connectionsPerIp: 1 } });
    await openFrom(t);
    const socket = netConnect({ host: "127.0.0.1", port: t.ports.c2s });
    socket.on("error", () => {});
    let text = "";
    socket.on("data", (chunk) => {
      text += chunk.toString();
    });
    // The client never ends its side: the server still closes the connection.
    await new Promise((resolve) => socket.once("close", resolve));
    expect(text).toContain("<policy-violation");
    expect(text.endsWith("</stream:stream>")).toBe(true);
  });

  it("is off at 0", async () => {
    const t = await server({ limits: { connectionsPerIp: 0 } });
    const clients = await Promise.all(Array.from({ length: 5 }, () => openFrom(t)));
    expect(clients).toHaveLength(5);
    expect(t.server.metrics.get("limits.refused.connections-per-ip")).toBe(0);
  });
});

describe("limits.preAuthConnections", () => {
  it("refuses streams past the limit with <resource-constraint/> until one binds", async () => {
    const t = await server({ limits: { preAuthConnections: 2 } });
    await t.addUser("juliet");
    const first = await openFrom(t);
    const second = await openFrom(t, "127.0.0.2");

    const refused = await t.connect("tcp", { localAddress: "127.0.0.3" });
    await refused.expectStreamError("resource-constraint");
    await refused.closed;
    // RFC 7395: on WebSocket the refusal is <open/>, the error and <close/>, one per message.
    const refusedWs = await t.connect("websocket");
    await refusedWs.expectStreamError("resource-constraint");
    expect(t.server.metrics.get("limits.refused.pre-auth-connections")).toBe(2);

    // Binding a resource ends the pre-auth phase at once.
    await first.login("juliet", "password");
    const third = await openFrom(t);
    expect(third.features).toBeDefined();

    // So does closing a stream (its place is given back when the server sees it closed).
    await second.close();
    await vi.waitFor(() => openFrom(t), { timeout: 20_000, interval: 50 });
  });
});

const bindIq = (resource?: string) =>
  `<iq type="set"><bind xmlns="${BIND}">${resource ? `<resource>${resource}</resource>` : ""}</bind></iq>`;

describe("limits.resourcesPerAccount", () => {
  it("answers a bind past the limit with <resource-constraint/> (RFC 6120 §7.6.2.1)", async () => {
    const t = await server({ limits: { resourcesPerAccount: 2 } });
    const a = await t.login("juliet", { resource: "a" });
    const b = await t.login("juliet", { resource: "b" });

    const c = await t.connect();
    await c.openStream();
    await c.authenticate("juliet", "password");
    for (const resource of ["c", undefined]) {
      const reply = await c.iq(bindIq(resource));
      expect(reply.attr("type")).toBe("error");
      const error = reply.getChild("error");
      expect(error?.attr("type")).toBe("wait");
      expect(error?.getChild("resource-constraint", STANZAS)).toBeDefined();
    }
    expect(t.server.metrics.get("limits.refused.resources-per-account")).toBe(2);

    // The stream stays usable: binding a resource in use replaces that session (§7.7.2.2).
    expect(await c.bind("a")).toBe("juliet@localhost/a");
    await a.expectStreamError("conflict");
    expect(
      t.server
        .sessions()
        .map((s) => s.jid?.toString())
        .sort(),
    ).toEqual(["juliet@localhost/a", "juliet@localhost/b"]);

    // Other accounts are not affected.
    await t.login("romeo", { resource: "a" });

    // When a resource goes, a new one fits.
    await b.close();
    const d = await t.connect();
    await d.openStream();
    await d.authenticate("juliet", "password");
    await vi.waitFor(() => d.bind("d"), { timeout: 20_000, interval: 50 });
  });
});

describe("listener errors", () => {
  it("counts a failed TLS handshake on the direct TLS listener", async () => {
    const t = await server();
    const socket = netConnect({ host: "127.0.0.1", port: t.ports.c2sTls });
    socket.on("error", () => {});
    socket.write("this is not a TLS ClientHello\r\n\r\n");
    await new Promise((resolve) => socket.once("close", resolve));
    await vi.waitFor(() => expect(t.server.metrics.get("listener.tls-client-errors")).toBe(1), {
      timeout: 20_000,
    });
  });
});
