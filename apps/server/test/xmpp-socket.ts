// A raw XMPP socket for end-to-end tests: write strings, wait for text matching a pattern.
import { type Socket, connect as tcpConnect } from "node:net";
import { type TLSSocket, connect as tlsConnect } from "node:tls";

export class RawXmpp {
  text = "";
  private waiters: (() => void)[] = [];
  readonly closed: Promise<void>;

  constructor(readonly socket: Socket | TLSSocket) {
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      this.text += chunk;
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) => socket.on("close", () => resolve()));
    socket.on("error", () => {});
  }

  static tls(port: number, ca: string): Promise<RawXmpp> {
    return new Promise((resolve, reject) => {
      const s = tlsConnect({ host: "127.0.0.1", port, servername: "localhost", ca }, () =>
        resolve(new RawXmpp(s)),
      );
      s.once("error", reject);
    });
  }

  static tcp(port: number): Promise<RawXmpp> {
    return new Promise((resolve, reject) => {
      const s = tcpConnect({ host: "127.0.0.1", port }, () => resolve(new RawXmpp(s)));
      s.once("error", reject);
    });
  }

  send(xml: string): void {
    this.socket.write(xml);
  }

  openStream(to = "localhost"): void {
    this.send(
      `<?xml version='1.0'?><stream:stream to='${to}' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>`,
    );
  }

  /** Resolves with everything received so far once it matches `pattern`. */
  async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.text)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${pattern}; got: ${this.text}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.text;
  }

  /** SASL PLAIN (RFC 4616) over this already encrypted stream; resolves with the answer. */
  async plain(user: string, password: string): Promise<string> {
    const b64 = Buffer.from(`\0${user}\0${password}`).toString("base64");
    this.send(`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${b64}</auth>`);
    const text = await this.waitFor(
      /<success[^>]*\/>|<success[^>]*>.*?<\/success>|<failure[^>]*>.*?<\/failure>/s,
    );
    return text.slice(text.lastIndexOf("</stream:features>") + "</stream:features>".length);
  }

  close(): void {
    this.socket.destroy();
  }
}
