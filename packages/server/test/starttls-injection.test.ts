// RFC 6120 §5.4.3.3 and §6.4.6: nothing received before a stream restart is acted on after it.
// The STARTTLS command injection (CVE-2011-0411): plaintext written together with <starttls/>
// must never be answered inside TLS. Raw sockets, so the attacker's bytes go out in one write.
import { type Socket, connect as netConnect } from "node:net";
import { type TLSSocket, connect as tlsConnect } from "node:tls";
import { describe, expect, it } from "vitest";
import { BIND, SASL, TLS, server } from "./helpers";

const header =
  "<?xml version='1.0'?><stream:stream xmlns='jabber:client' " +
  "xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>";

function plain(user: string, password: string): string {
  return Buffer.from(`\0${user}\0${password}`).toString("base64");
}

/** Everything a raw socket receives, as text, with waits on what has arrived. */
class Raw {
  text = "";
  isClosed = false;
  readonly closed: Promise<void>;
  private wake: (() => void) | undefined;

  constructor(readonly socket: Socket | TLSSocket) {
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      this.text += chunk;
      this.wake?.();
    });
    socket.on("error", () => {});
    this.closed = new Promise((resolve) =>
      socket.once("close", () => {
        this.isClosed = true;
        this.wake?.();
        resolve();
      }),
    );
  }

  /** Waits until `done(text)` holds or the connection closes; returns the text (bounded wait). */
  async until(done: (text: string) => boolean, ms = 10_000): Promise<string> {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.wake?.();
    }, ms);
    try {
      while (!done(this.text) && !this.isClosed && !timedOut) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
      }
    } finally {
      clearTimeout(timer);
      this.wake = undefined;
    }
    return this.text;
  }
}

async function open(port: number, secure = false): Promise<Raw> {
  const socket = secure
    ? tlsConnect({ port, host: "127.0.0.1", servername: "localhost", rejectUnauthorized: false })
    : netConnect({ port, host: "127.0.0.1" });
  await new Promise<void>((resolve, reject) => {
    socket.once(secure ? "secureConnect" : "connect", () => resolve());
    socket.once("error", reject);
  });
  return new Raw(socket);
}

/** The TLS handshake over a raw connection that got <proceed/>. */
async function upgrade(raw: Raw): Promise<Raw> {
  const secure = tlsConnect({
    socket: raw.socket as Socket,
    servername: "localhost",
    rejectUnauthorized: false,
  });
  const inner = new Raw(secure);
  await new Promise<void>((resolve, reject) => {
    secure.once("secureConnect", () => resolve());
    secure.once("error", reject);
    secure.once("close", () => reject(new Error("closed during the TLS handshake")));
  });
  return inner;
}

describe("STARTTLS command injection", () => {
  it("refuses <starttls/> followed by an <auth/> in the same write, never answering it", async () => {
    const t = await server({ requireEncryption: true });
    await t.addUser("victim");
    const raw = await open(t.ports.c2s);
    raw.socket.write(header);
    await raw.until((s) => s.includes("</stream:features>"));
    raw.socket.write(
      `<starttls xmlns="${TLS}"/><auth xmlns="${SASL}" mechanism="PLAIN">${plain("victim", "password")}</auth>`,
    );
    const answer = await raw.until((s) => s.includes("<proceed") || s.includes("<failure"));
    // Before the fix the server proceeded and answered the injected <auth/> inside TLS.
    let inside = "";
    if (answer.includes("<proceed")) {
      const secure = await upgrade(raw);
      inside = await secure.until((s) => s.includes("<success") || s.includes("<failure"));
      secure.socket.destroy();
    }
    expect(inside).not.toContain("<success");
    expect(raw.text).not.toContain("<proceed");
    expect(raw.text).toContain(`<failure xmlns="${TLS}"/>`);
    await raw.closed;
    expect(t.server.metrics.get("streams.data-after-starttls")).toBe(1);
    expect(t.server.metrics.get("auth.success")).toBe(0);
  });

  it("refuses <starttls/> followed by a partial element", async () => {
    const t = await server({ requireEncryption: true });
    const raw = await open(t.ports.c2s);
    raw.socket.write(header);
    await raw.until((s) => s.includes("</stream:features>"));
    raw.socket.write(`<starttls xmlns="${TLS}"/><auth xmlns="${SASL}" mechanism="PLAIN">AHZp`);
    await raw.until(() => false); // until closed (bounded)
    expect(raw.isClosed).toBe(true);
    expect(raw.text).not.toContain("<proceed");
    expect(raw.text).toContain(`<failure xmlns="${TLS}"/>`);
  });

  it("accepts whitespace after <starttls/> and completes the upgrade", async () => {
    const t = await server({ requireEncryption: true });
    const raw = await open(t.ports.c2s);
    raw.socket.write(header);
    await raw.until((s) => s.includes("</stream:features>"));
    raw.socket.write(`<starttls xmlns="${TLS}"/>\n  `);
    await raw.until((s) => s.includes("<proceed"));
    expect(raw.text).toContain(`<proceed xmlns="${TLS}"/>`);
    const secure = await upgrade(raw);
    secure.socket.write(header);
    const features = await secure.until((s) => s.includes("</stream:features>"));
    expect(features).toContain("<mechanisms");
    secure.socket.destroy();
  });

  it("a normal STARTTLS login still works", async () => {
    const t = await server({ requireEncryption: true });
    const c = await t.login("alice");
    expect(c.secure).toBe(true);
    await c.sync();
  });
});

describe("elements sent before the header of the restarted stream (§6.4.6)", () => {
  it("closes the stream instead of binding a resource pipelined after <auth/>", async () => {
    const t = await server();
    await t.addUser("juliet");
    const raw = await open(t.ports.c2sTls, true);
    raw.socket.write(header);
    await raw.until((s) => s.includes("</stream:features>"));
    raw.socket.write(
      `<auth xmlns="${SASL}" mechanism="PLAIN">${plain("juliet", "password")}</auth>` +
        `<iq type="set" id="b1"><bind xmlns="${BIND}"/></iq>`,
    );
    await raw.until(() => false); // until closed (bounded)
    expect(raw.isClosed).toBe(true);
    expect(raw.text).toContain(`<success xmlns="${SASL}"`);
    expect(raw.text).toContain("policy-violation");
    // The bind was never acted on.
    expect(raw.text).not.toContain("<jid>");
    expect(t.server.metrics.get("streams.data-before-restart")).toBe(1);
  });
});
