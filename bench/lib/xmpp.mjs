// A raw c2s connection for the load generator: no XML parser. Negotiation waits for substrings
// and regexes on a text buffer (RFC 6120 §4 stream, §5 STARTTLS, §6 SASL, §7 bind); once logged
// in, received text goes to the caller's onData as it arrives, to be matched per stanza there.
import { connect } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { scramStart } from "./scram-sha1.mjs";

const NS_SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
const FEATURES_END = /<\/(?:stream:)?features>|<(?:stream:)?features[^>]*\/>/;
const b64 = (text) => Buffer.from(text, "utf8").toString("base64");
const unb64 = (text) => Buffer.from(text, "base64").toString("utf8");

export class Conn {
  /**
   * @param {{host: string, port: number, domain: string, user: string, password: string,
   *   resource: string, mechanism: "PLAIN"|"SCRAM-SHA-1", starttls: boolean, roster?: boolean,
   *   timeoutMs: number}} o
   */
  constructor(o) {
    this.o = o;
    this.socket = null;
    this.buf = "";
    this.waiter = null;
    this.closed = false;
    this.jid = "";
    this.iterations = 0;
    /** After login: receives every chunk of text. */
    this.onData = null;
    this.onClose = null;
  }

  send(text) {
    if (!this.closed) this.socket.write(text);
  }

  /** Ends the stream (RFC 6120 §4.4) and destroys the socket shortly after. */
  close() {
    if (this.closed) return;
    this.closed = true;
    const socket = this.socket;
    if (!socket) return;
    socket.end("</stream:stream>");
    setTimeout(() => socket.destroy(), 2000).unref();
  }

  destroy() {
    this.closed = true;
    this.socket?.destroy();
  }

  /** Connect, negotiate, authenticate, bind, send initial presence and await a ping reply. */
  async login() {
    const { o } = this;
    const deadline = setTimeout(
      () => this.fail(new Error(`login timed out after ${o.timeoutMs} ms`)),
      o.timeoutMs,
    );
    try {
      await this.open(connect({ host: o.host, port: o.port, noDelay: true }), "connect");
      await this.streamHeader();
      let features = await this.wait(FEATURES_END, "features");
      if (o.starttls) {
        if (!features.input.includes("<starttls")) throw new Error("no STARTTLS offered");
        this.socket.write("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        await this.wait(/<proceed[^>]*>/, "proceed");
        await this.upgrade();
        await this.streamHeader();
        features = await this.wait(FEATURES_END, "features after TLS");
      }
      if (!features.input.includes(`<mechanism>${o.mechanism}</mechanism>`))
        throw new Error(`${o.mechanism} not offered`);
      if (o.mechanism === "PLAIN") {
        this.socket.write(
          `<auth xmlns='${NS_SASL}' mechanism='PLAIN'>${b64(`\0${o.user}\0${o.password}`)}</auth>`,
        );
        await this.waitSuccess();
      } else await this.scram();
      await this.streamHeader();
      await this.wait(FEATURES_END, "features after SASL");
      this.socket.write(
        `<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>${o.resource}</resource></bind></iq>`,
      );
      this.jid = (await this.wait(/<jid>([^<]+)<\/jid>/, "bind"))[1];
      // Stanzas of one stream are handled in order, so the ping reply means presence was too.
      // A typical client asks for its roster before going available (RFC 6121 §2.2, §4.2);
      // Prosody only routes subscription requests to resources that did.
      const roster = o.roster
        ? "<iq type='get' id='roster1'><query xmlns='jabber:iq:roster'/></iq>"
        : "";
      this.socket.write(
        `${roster}<presence/><iq type='get' id='ping1' to='${o.domain}'><ping xmlns='urn:xmpp:ping'/></iq>`,
      );
      await this.wait(/<iq[^>]*id=["']ping1["'][^>]*>/, "ping reply");
    } finally {
      clearTimeout(deadline);
    }
    const rest = this.buf;
    this.buf = "";
    this.mode = "app";
    if (rest && this.onData) this.onData(rest);
  }

  async scram() {
    const exchange = scramStart(this.o.user, this.o.password);
    this.socket.write(
      `<auth xmlns='${NS_SASL}' mechanism='SCRAM-SHA-1'>${b64(exchange.first)}</auth>`,
    );
    const challenge = await this.wait(
      /<challenge[^>]*>([^<]*)<\/challenge>|<failure[\s\S]*?<\/failure>/,
      "challenge",
    );
    if (challenge[1] === undefined) throw new Error(`SASL failure: ${challenge[0]}`);
    const step = await exchange.answer(unb64(challenge[1]));
    this.iterations = step.iterations;
    this.socket.write(`<response xmlns='${NS_SASL}'>${b64(step.final)}</response>`);
    step.verify(unb64(await this.waitSuccess()));
  }

  async waitSuccess() {
    const m = await this.wait(
      /<success[^>]*\/>|<success[^>]*>([^<]*)<\/success>|<failure[\s\S]*?<\/failure>/,
      "success",
    );
    if (m[0].startsWith("<failure")) throw new Error(`SASL failure: ${m[0]}`);
    return m[1] ?? "";
  }

  streamHeader() {
    const { domain } = this.o;
    this.buf = "";
    this.socket.write(
      `<?xml version='1.0'?><stream:stream to='${domain}' version='1.0' xml:lang='en' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>`,
    );
    return this.wait(/<stream:stream[^>]*>/, "stream header");
  }

  /** Takes `socket` as the transport; resolves on `ready` ("connect" or "secureConnect"). */
  open(socket, ready) {
    this.socket = socket;
    socket.setEncoding("utf8");
    socket.on("data", (text) => this.received(text));
    socket.on("error", (error) => this.fail(error));
    socket.on("close", () => {
      const wasClosed = this.closed;
      this.closed = true;
      this.fail(new Error("connection closed"));
      if (!wasClosed) this.onClose?.();
    });
    return new Promise((resolve, reject) => {
      this.waiter = { re: null, resolve, reject, what: ready };
      socket.once(ready, () => {
        this.waiter = null;
        resolve();
      });
    });
  }

  /** RFC 6120 §5.4.3.3: TLS over the same TCP connection, then a fresh stream. */
  upgrade() {
    const raw = this.socket;
    raw.removeAllListeners("data");
    raw.removeAllListeners("close");
    raw.removeAllListeners("error");
    raw.on("error", () => {});
    this.buf = "";
    const secure = tlsConnect({
      socket: raw,
      servername: this.o.domain,
      rejectUnauthorized: false,
    });
    return this.open(secure, "secureConnect");
  }

  received(text) {
    if (this.mode === "app") {
      this.onData?.(text);
      return;
    }
    this.buf += text;
    this.check();
  }

  check() {
    const w = this.waiter;
    if (!w?.re) return;
    if (/<\/stream:stream>|<stream:error/.test(this.buf) && !w.re.test(this.buf)) {
      this.fail(new Error(`stream error while waiting for ${w.what}: ${this.buf.slice(0, 300)}`));
      return;
    }
    const m = w.re.exec(this.buf);
    if (!m) return;
    m.input = this.buf.slice(0, m.index + m[0].length);
    this.buf = this.buf.slice(m.index + m[0].length);
    this.waiter = null;
    w.resolve(m);
  }

  wait(re, what) {
    return new Promise((resolve, reject) => {
      this.waiter = { re, resolve, reject, what };
      this.check();
    });
  }

  fail(error) {
    const w = this.waiter;
    if (!w) return;
    this.waiter = null;
    w.reject(error);
  }
}
