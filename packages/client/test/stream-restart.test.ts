// What the client accepts around a stream restart (RFC 6120 §4.3.3): nothing that arrives with
// <proceed/> before the TLS handshake (§5.4.3.3), nothing between SASL <success/> and the new
// stream header (§6.4.6). The STARTTLS case runs against a raw TCP + TLS server that injects
// features in the clear, as a man in the middle would.
import net from "node:net";
import tls from "node:tls";
import { generateTestCertificate } from "@parley/server/testing";
import { NS } from "@parley/stanza";
import { type Element, StreamParser, serialize, xml } from "@parley/xml";
import { afterEach, describe, expect, it } from "vitest";
import { Client, type Connector, type Transport, TlsError } from "../src/index";
import { connect } from "../src/transport/index.node";
import { guardProcess } from "./no-unhandled";

guardProcess();

const HEADER = `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='${NS.STREAM}' from='localhost' id='s1' version='1.0'>`;
const PLAIN_ONLY = `<stream:features><mechanisms xmlns='${NS.SASL}'><mechanism>PLAIN</mechanism></mechanisms></stream:features>`;

interface InjectingServer {
  port: number;
  /** Everything the client sent after the TLS handshake (decrypted). */
  overTls: string;
  /** Resolves when the client's connection is gone (plain or TLS side). */
  gone: Promise<void>;
  close(): Promise<void>;
}

/**
 * Offers STARTTLS; after the client's <starttls/> writes <proceed/> and injected features offering
 * only PLAIN in the same write, then does the TLS handshake and records what comes over TLS.
 */
async function injectingServer(injected = PLAIN_ONLY): Promise<InjectingServer> {
  const { key, cert } = generateTestCertificate("localhost");
  let markGone = () => {};
  const state: InjectingServer = {
    port: 0,
    overTls: "",
    gone: new Promise<void>((resolve) => {
      markGone = resolve;
    }),
    close: async () => {},
  };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    let seen = "";
    let answered = 0;
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (answered === 0 && seen.includes("<stream:stream")) {
        answered = 1;
        socket.write(
          `${HEADER}<stream:features><starttls xmlns='${NS.TLS}'><required/></starttls></stream:features>`,
        );
      }
      if (answered === 1 && seen.includes("<starttls")) {
        answered = 2;
        socket.off("data", onData);
        socket.write(`<proceed xmlns='${NS.TLS}'/>${injected}`);
        const secure = new tls.TLSSocket(socket, { isServer: true, key, cert });
        secure.on("error", () => {});
        secure.on("data", (d: Buffer) => {
          state.overTls += d.toString();
          // The client restarted the stream over TLS: answer with the same PLAIN-only offer.
          if (d.toString().includes("<stream:stream")) secure.write(`${HEADER}${PLAIN_ONLY}`);
        });
        secure.on("close", () => markGone());
      }
    };
    socket.on("data", onData);
    socket.on("close", () => {
      if (answered < 2) markGone();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.port = (server.address() as net.AddressInfo).port;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return state;
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe("STARTTLS: data after <proceed/>", () => {
  it.each([
    ["whole features", PLAIN_ONLY],
    ["the start of an element", "<stream:features><mechanisms xmlns"],
  ])("%s: fails with a clear TlsError, never sends PLAIN credentials", async (_, injected) => {
    const server = await injectingServer(injected);
    cleanup = server.close;
    const client = new Client({
      jid: "juliet@localhost",
      password: "secret-password",
      host: "127.0.0.1",
      port: server.port,
      insecure: true,
      reconnect: false,
      timeoutMs: 10_000,
      connector: connect,
    });
    const failure = await client.start().then(
      () => undefined,
      (error: unknown) => error,
    );
    await server.gone;
    expect(failure).toBeInstanceOf(TlsError);
    expect((failure as TlsError).message).toMatch(
      /data after <proceed\/> before the TLS handshake/,
    );
    expect(server.overTls).not.toMatch(/PLAIN/);
    expect(server.overTls).not.toContain(
      Buffer.from("\0juliet\0secret-password").toString("base64"),
    );
    expect(client.status).toBe("offline");
  });
});

/**
 * A scripted transport: `script` gets each chunk the client writes and returns what the server
 * sends back (one chunk). Claims to be encrypted, so PLAIN is allowed.
 */
function scripted(script: (written: string) => string | undefined): Connector {
  return async (request) => {
    let closed = false;
    const transport: Transport = {
      framing: "stream",
      encrypted: true,
      canStartTls: false,
      write: (data) => {
        const answer = script(data);
        if (answer !== undefined) queueMicrotask(() => closed || request.events.data(answer));
      },
      startTls: () => Promise.reject(new Error("no STARTTLS here")),
      channelBindings: async () => [],
      close: () => {
        if (closed) return;
        closed = true;
        queueMicrotask(() => request.events.close());
      },
      destroy: () => transport.close(),
    };
    return transport;
  };
}

describe("SASL: elements between <success/> and the new stream", () => {
  it("drops them; the features of the new stream are the ones used", async () => {
    const received: Element[] = [];
    const parser = new StreamParser();
    parser.on("element", (el) => received.push(el));
    let streams = 0;
    const connector = scripted((data) => {
      if (data.includes("<stream:stream")) {
        streams++;
        parser.reset();
        parser.write(data);
        return streams === 1
          ? `${HEADER}${PLAIN_ONLY}`
          : `${HEADER}<stream:features><bind xmlns='${NS.BIND}'/></stream:features>`;
      }
      parser.write(data);
      const el = received.at(-1)!;
      if (el.localName === "auth") {
        // The injected message would be taken for the new stream's features without the fix.
        return (
          serialize(xml("success", { xmlns: NS.SASL })) + "<message><body>early</body></message>"
        );
      }
      if (el.localName === "iq") {
        const jid = xml("jid", null, "juliet@localhost/r");
        const bind = xml("bind", { xmlns: NS.BIND }, jid);
        return serialize(xml("iq", { type: "result", id: el.attr("id")! }, bind));
      }
      return undefined;
    });
    const client = new Client({
      jid: "juliet@localhost",
      password: "secret",
      reconnect: false,
      connector,
    });
    const messages: string[] = [];
    client.on("message", (m) => messages.push(m.body ?? ""));
    const jid = await client.start();
    expect(jid.toString()).toBe("juliet@localhost/r");
    expect(streams).toBe(2);
    await client.stop();
    expect(messages).toEqual([]);
  });
});
