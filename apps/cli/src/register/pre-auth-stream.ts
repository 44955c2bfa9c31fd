// A client stream that stops before authentication: opened, secured with STARTTLS when the
// transport can (RFC 6120 §5.4), and then used for XEP-0077 in-band registration. @parley/client
// always authenticates, so registration needs this small stream of its own.
import { TimeoutError, TlsError } from "@parley/client";
import { connect } from "@parley/client/transport";
import type { Transport } from "@parley/client";
import { NS, StreamError } from "@parley/stanza";
import {
  type Element,
  type XmlStreamParser,
  createStreamParser,
  serialize,
  serializeOpenTag,
  xml,
} from "@parley/xml";
import { CliError, ExitCode } from "../errors";
import type { ConnectionSettings } from "../account/resolve";

export class PreAuthStream {
  private readonly inbox: Element[] = [];
  private waiter: ((el: Element | Error) => void) | undefined;
  private failure: Error | undefined;
  private parser: XmlStreamParser | undefined;
  private transport: Transport | undefined;

  private constructor(
    private readonly domain: string,
    private readonly timeoutMs: number,
  ) {}

  static async open(
    domain: string,
    s: ConnectionSettings,
  ): Promise<{ stream: PreAuthStream; features: Element }> {
    const timeoutMs = s.timeoutMs ?? 30_000;
    const stream = new PreAuthStream(domain, timeoutMs);
    const request: Parameters<typeof connect>[0] = {
      domain,
      tls: s.tls,
      insecure: s.insecure,
      timeoutMs: s.timeoutMs ?? 15_000,
      events: {
        data: (chunk) => stream.receive(chunk),
        close: (error) =>
          stream.end(error ?? new CliError("the server closed the connection", ExitCode.other)),
      },
    };
    if (s.host !== undefined) request.host = s.host;
    if (s.port !== undefined) request.port = s.port;
    if (s.url !== undefined) request.url = s.url;
    stream.transport = await connect(request);
    stream.parser = stream.newParser();
    let features = await stream.header();
    if (stream.transport.canStartTls && s.tls !== "none")
      features = await stream.startTls(features);
    return { stream, features };
  }

  send(el: Element): void {
    const t = this.transport!;
    t.write(serialize(el, { parentNs: t.framing === "websocket" ? "" : NS.CLIENT }));
  }

  /** The next top-level element; stream errors and a lost connection reject. */
  next(): Promise<Element> {
    const queued = this.inbox.shift();
    if (queued) return Promise.resolve(queued);
    if (this.failure) return Promise.reject(this.failure);
    const timeout = new TimeoutError(`no answer from the server in ${this.timeoutMs} ms`);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(timeout);
      }, this.timeoutMs);
      this.waiter = (got) => {
        clearTimeout(timer);
        this.waiter = undefined;
        if (got instanceof Error) reject(got);
        else resolve(got);
      };
    });
  }

  /** RFC 6120 §4.4: closes the stream and the connection. */
  close(): void {
    const t = this.transport;
    if (!t) return;
    if (!this.failure)
      t.write(
        t.framing === "websocket"
          ? serialize(xml("close", { xmlns: NS.FRAMING }))
          : "</stream:stream>",
      );
    this.failure ??= new CliError("stream closed", ExitCode.other);
    t.close();
    const timer = setTimeout(() => t.destroy(), 1000);
    timer.unref();
  }

  private async header(): Promise<Element> {
    const t = this.transport!;
    const attrs = { to: this.domain, version: "1.0", "xml:lang": "en" };
    if (t.framing === "websocket") t.write(serialize(xml("open", { xmlns: NS.FRAMING, ...attrs })));
    else {
      const header = xml("stream:stream", {
        ...attrs,
        xmlns: NS.CLIENT,
        "xmlns:stream": NS.STREAM,
      });
      t.write(`<?xml version='1.0'?>${serializeOpenTag(header)}`);
    }
    const features = await this.next();
    if (features.localName !== "features" || features.ns !== NS.STREAM) {
      throw new CliError(
        `the server sent <${features.name}/> instead of stream features`,
        ExitCode.other,
      );
    }
    return features;
  }

  private async startTls(features: Element): Promise<Element> {
    if (!features.getChild("starttls", NS.TLS)) {
      throw new CliError(
        "the server does not offer STARTTLS (use --no-tls only for local tests)",
        ExitCode.certificate,
      );
    }
    this.send(xml("starttls", { xmlns: NS.TLS }));
    const answer = await this.next();
    if (answer.localName !== "proceed")
      throw new TlsError("tls-failed", `STARTTLS answered with <${answer.name}/>`);
    await this.transport!.startTls();
    this.parser!.reset();
    return this.header();
  }

  private newParser(): XmlStreamParser {
    const framing = this.transport?.framing === "websocket";
    const parser = createStreamParser(framing ? { framing: "websocket" } : {});
    parser.on("element", (el) => {
      if (el.localName === "error" && el.ns === NS.STREAM)
        return this.end(StreamError.fromElement(el));
      if (this.waiter) this.waiter(el);
      else this.inbox.push(el);
    });
    parser.on("streamEnd", () =>
      this.end(new CliError("the server closed the stream", ExitCode.other)),
    );
    parser.on("error", (error) => this.end(error));
    return parser;
  }

  private receive(chunk: string | Uint8Array): void {
    try {
      this.parser?.write(chunk);
    } catch (error) {
      this.end(error as Error);
    }
  }

  private end(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.waiter?.(error);
    this.transport?.destroy();
  }
}
