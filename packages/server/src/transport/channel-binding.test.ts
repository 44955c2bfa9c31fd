// tls-unique (RFC 5929 §3.1) over real TLS connections: the first Finished message of the latest
// handshake, i.e. the client's in a full handshake and the server's in a resumed one (TLS 1.2
// abbreviated handshake), which is what Python's ssl.get_channel_binding (slixmpp) computes.
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { type TLSSocket, connect, createServer } from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { generateTestCertificate } from "../testing/cert";
import { announcedBindingTypes, tlsUnique } from "./channel-binding";

const certificate = generateTestCertificate("localhost");
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A TLS server that reports tlsUnique() of each accepted connection. */
async function server(maxVersion: "TLSv1.2" | "TLSv1.3") {
  const accepted: Array<(v: { unique: Uint8Array | undefined; reused: boolean }) => void> = [];
  const srv = createServer({ key: certificate.key, cert: certificate.cert, maxVersion }, (s) => {
    accepted.shift()!({ unique: tlsUnique(s), reused: s.isSessionReused() });
    s.end();
  });
  srv.listen(0, "127.0.0.1");
  await once(srv, "listening");
  cleanups.push(() => srv.close());
  const port = (srv.address() as AddressInfo).port;
  return {
    async connect(resume?: Buffer) {
      const seen = new Promise<{ unique: Uint8Array | undefined; reused: boolean }>((resolve) =>
        accepted.push(resolve),
      );
      const client: TLSSocket = connect({
        host: "127.0.0.1",
        port,
        servername: "localhost",
        rejectUnauthorized: false,
        maxVersion,
        ...(resume ? { session: resume } : {}),
      });
      cleanups.push(() => client.destroy());
      // Listened to at once: with TLS 1.2 the session comes with the handshake.
      const session = once(client, "session").then(([data]) => data as Buffer);
      await once(client, "secureConnect");
      return { client, server: await seen, session };
    },
  };
}

const hex = (b: Uint8Array | Buffer | undefined) => (b ? Buffer.from(b).toString("hex") : "");

describe("tlsUnique", () => {
  it("TLS 1.2 full handshake: the client's Finished; resumed: the server's Finished", async () => {
    const s = await server("TLSv1.2");
    const first = await s.connect();
    expect(first.server.reused).toBe(false);
    expect(hex(first.server.unique)).toBe(hex(first.client.getFinished()));
    expect(hex(first.server.unique)).not.toBe(hex(first.client.getPeerFinished()));
    const second = await s.connect(await first.session);
    expect(second.client.isSessionReused()).toBe(true);
    expect(second.server.reused).toBe(true);
    expect(hex(second.server.unique)).toBe(hex(second.client.getPeerFinished()));
    expect(hex(second.server.unique)).not.toBe(hex(first.server.unique));
  });

  it("TLS 1.3: the client's Finished, as slixmpp 1.8 computes it there", async () => {
    const s = await server("TLSv1.3");
    const { client, server: seen } = await s.connect();
    expect(client.getProtocol()).toBe("TLSv1.3");
    expect(seen.unique?.length).toBeGreaterThan(0);
    expect(hex(seen.unique)).toBe(hex(client.getFinished()));
  });
});

describe("announcedBindingTypes (XEP-0440)", () => {
  it("leaves tls-unique out where tls-exporter exists (TLS 1.3), keeps it otherwise", () => {
    expect(announcedBindingTypes(["tls-exporter", "tls-server-end-point", "tls-unique"])).toEqual([
      "tls-exporter",
      "tls-server-end-point",
    ]);
    expect(announcedBindingTypes(["tls-server-end-point", "tls-unique"])).toEqual([
      "tls-server-end-point",
      "tls-unique",
    ]);
  });
});
