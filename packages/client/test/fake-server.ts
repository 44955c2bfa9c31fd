// An in-memory XMPP server for unit tests: a Connector whose transport feeds a scripted server
// (STARTTLS pretended, real SASL through @parley/sasl, bind, XEP-0198 enable/resume/ack).
import {
  type ChannelBindingType,
  type ServerMechanism,
  createServerMechanism,
  decodeSaslPayload,
  deriveAllCredentials,
  encodeSaslPayload,
} from "@parley/sasl";
import { NS, iq } from "@parley/stanza";
import { type Element, StreamParser, serialize, xml } from "@parley/xml";
import type { ConnectRequest, Connector, Transport } from "../src/index";

export interface FakeServerOptions {
  mechanisms?: string[];
  starttls?: boolean;
  sm?: boolean;
  /** Channel bindings the fake TLS layer exposes, and whether XEP-0440 is announced. */
  bindings?: ChannelBindingType[];
  announceBindings?: boolean;
  /** Called for every stanza a bound session receives; may answer through `session.send`. */
  onStanza?: (el: Element, session: FakeSession) => void;
}

export interface FakeSession {
  send(el: Element): void;
  drop(): void;
  /** Stanzas this session handled (XEP-0198 inbound count). */
  handled: number;
}

export class FakeServer {
  readonly log: Element[] = [];
  readonly sessions: FakeSession[] = [];
  mechanismUsed: string | undefined;
  private credentials: Awaited<ReturnType<typeof deriveAllCredentials>> | undefined;
  /** SM state kept across connections: id → what the server sent and handled. */
  private readonly smSessions = new Map<string, { outbound: Element[]; handled: number }>();
  resumeAllowed = true;

  constructor(private readonly o: FakeServerOptions = {}) {}

  async init(password: string): Promise<this> {
    this.credentials = await deriveAllCredentials(password, { iterations: 4096 });
    return this;
  }

  readonly connector: Connector = async (request: ConnectRequest): Promise<Transport> => {
    return this.accept(request);
  };

  private accept(request: ConnectRequest): Transport {
    let encrypted = false;
    let closed = false;
    let parser = new StreamParser();
    let mechanism: ServerMechanism | undefined;
    let authenticated = false;
    let bound = false;
    let smId: string | undefined;
    const binding = new Uint8Array(32).fill(7);
    const out = (text: string) => {
      if (!closed) queueMicrotask(() => request.events.data(text));
    };
    const send = (el: Element) => {
      out(serialize(el, { parentNs: NS.CLIENT }));
      if (smId && ["message", "presence", "iq"].includes(el.localName)) {
        this.smSessions.get(smId)!.outbound.push(el);
      }
    };
    const close = (error?: Error) => {
      if (closed) return;
      closed = true;
      queueMicrotask(() => request.events.close(error));
    };
    const session: FakeSession = {
      send,
      drop: () => close(new Error("dropped by the fake server")),
      handled: 0,
    };
    const features = () => {
      const f = xml("stream:features", {});
      if (!encrypted && this.o.starttls !== false) {
        f.append(xml("starttls", { xmlns: NS.TLS }));
      }
      if (!authenticated) {
        f.append(
          xml(
            "mechanisms",
            { xmlns: NS.SASL },
            (this.o.mechanisms ?? ["SCRAM-SHA-1", "SCRAM-SHA-256"]).map((m) =>
              xml("mechanism", null, m),
            ),
          ),
        );
        if (this.o.announceBindings) {
          f.append(
            xml(
              "sasl-channel-binding",
              { xmlns: NS.SASL_CB },
              (this.o.bindings ?? []).map((type) => xml("channel-binding", { type })),
            ),
          );
        }
      } else {
        f.append(xml("bind", { xmlns: NS.BIND }));
        if (this.o.sm !== false) f.append(xml("sm", { xmlns: NS.SM }));
      }
      return f;
    };
    const header = () =>
      out(
        `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='${NS.STREAM}' id='s1' from='example.org' version='1.0'>${serialize(features(), { parentNs: NS.CLIENT })}`,
      );
    const restart = () => {
      parser = new StreamParser();
      wire(parser);
    };
    const handle = async (el: Element) => {
      this.log.push(el);
      if (el.ns === NS.TLS) {
        out(`<proceed xmlns='${NS.TLS}'/>`);
        return;
      }
      if (el.ns === NS.SASL) {
        if (el.localName === "auth") {
          this.mechanismUsed = el.attr("mechanism");
          const channelBindings: Record<string, Uint8Array> = {};
          if (encrypted) for (const t of this.o.bindings ?? []) channelBindings[t] = binding;
          mechanism = createServerMechanism(el.attr("mechanism") as never, {
            encrypted,
            channelBindings,
            lookupCredentials: async (u) => (u === "juliet" ? this.credentials : undefined),
          });
        }
        const step = await mechanism!.step(decodeSaslPayload(el.text()));
        if (step.type === "challenge") {
          out(serialize(xml("challenge", { xmlns: NS.SASL }, encodeSaslPayload(step.data))));
        } else if (step.type === "success") {
          authenticated = true;
          restart();
          out(serialize(xml("success", { xmlns: NS.SASL }, encodeSaslPayload(step.data))));
        } else {
          out(serialize(xml("failure", { xmlns: NS.SASL }, xml(step.condition, null))));
          close();
        }
        return;
      }
      if (el.ns === NS.SM)
        return this.sm(
          el,
          session,
          send,
          out,
          (id) => (smId = id),
          () => bound,
        );
      if (el.localName === "iq" && el.getChild("bind", NS.BIND)) {
        bound = true;
        const resource = el.getChild("bind", NS.BIND)?.getChildText("resource") ?? "fake";
        send(
          iq(
            { type: "result", id: el.attr("id") ?? "" },
            xml("bind", { xmlns: NS.BIND }, xml("jid", null, `juliet@example.org/${resource}`)),
          ),
        );
        return;
      }
      session.handled++;
      if (smId) this.smSessions.get(smId)!.handled = session.handled;
      this.o.onStanza?.(el, session);
    };
    const wire = (p: StreamParser) => {
      p.on("streamStart", () => header());
      p.on("element", (el) => {
        handle(el).catch((error: unknown) => close(error as Error));
      });
      p.on("streamEnd", () => close());
    };
    wire(parser);
    this.sessions.push(session);
    return {
      framing: "stream",
      get encrypted() {
        return encrypted;
      },
      get canStartTls() {
        return !encrypted;
      },
      write: (data) => {
        if (!closed) parser.write(data);
      },
      startTls: async () => {
        encrypted = true;
        restart();
      },
      channelBindings: async () =>
        encrypted ? (this.o.bindings ?? []).map((type) => ({ type, data: binding })) : [],
      close: () => close(),
      destroy: () => close(new Error("destroyed")),
    };
  }

  private sm(
    el: Element,
    session: FakeSession,
    send: (el: Element) => void,
    out: (text: string) => void,
    setId: (id: string) => void,
    bound: () => boolean,
  ): void {
    const smNs = { xmlns: NS.SM };
    if (el.localName === "enable" && bound()) {
      const id = `sm${this.smSessions.size + 1}`;
      this.smSessions.set(id, { outbound: [], handled: 0 });
      setId(id);
      out(serialize(xml("enabled", { ...smNs, id, resume: "true" })));
    } else if (el.localName === "r") {
      out(serialize(xml("a", { ...smNs, h: String(session.handled) })));
    } else if (el.localName === "a") {
      // The client acknowledged: forget what it has.
    } else if (el.localName === "resume") {
      const old = this.smSessions.get(el.attr("previd") ?? "");
      if (!old || !this.resumeAllowed) {
        out(
          serialize(
            xml(
              "failed",
              { ...smNs, ...(old ? { h: String(old.handled) } : {}) },
              xml("item-not-found", { xmlns: NS.STANZAS }),
            ),
          ),
        );
        return;
      }
      session.handled = old.handled;
      setId(el.attr("previd")!);
      const clientHandled = Number(el.attr("h"));
      const resend = old.outbound.slice(clientHandled);
      old.outbound.length = 0;
      out(
        serialize(xml("resumed", { ...smNs, h: String(old.handled), previd: el.attr("previd")! })),
      );
      for (const s of resend) send(s);
    }
  }
}
