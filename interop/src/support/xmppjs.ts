// @xmpp/client (xmpp.js, npm) as a peer, in this process: TCP with STARTTLS or WebSocket.
import { type Client, type XmlElement, client, xml } from "@xmpp/client";
import { Inbox, within } from "./waits";

export { xml };
export type { XmlElement };

export const NS_ROSTER = "jabber:iq:roster";

export interface XmppJsPeer {
  readonly xmpp: Client;
  /** The bound full JID. */
  readonly jid: string;
  /** Messages and presences received. */
  readonly stanzas: Inbox<XmlElement>;
  /** Roster pushes received (each answered with a result by the iq callee, RFC 6121 §2.1.6). */
  readonly pushes: Inbox<XmlElement>;
  /** Errors the client emitted (there should be none). */
  readonly errors: Error[];
  /** An iq through xmpp.js's iq caller: resolves with the result, rejects on an error reply. */
  iq(type: "get" | "set", child: XmlElement): Promise<XmlElement>;
  stop(): Promise<void>;
}

/** Starts an xmpp.js client and waits until it is online (authenticated, resource bound). */
export async function startXmppJs(options: {
  service: string;
  username: string;
  password: string;
  resource: string;
}): Promise<XmppJsPeer> {
  const xmpp = client({ ...options, domain: "localhost" });
  const stanzas = new Inbox<XmlElement>(String);
  const pushes = new Inbox<XmlElement>(String);
  const errors: Error[] = [];
  xmpp.on("error", (error: Error) => errors.push(error));
  xmpp.on("stanza", (el: XmlElement) => {
    if (el.is("message") || el.is("presence")) stanzas.push(el);
  });
  xmpp.iqCallee.set(NS_ROSTER, "query", (ctx) => {
    pushes.push(ctx.stanza);
    return true;
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    xmpp.reconnect.stop();
    await within(
      xmpp.stop().catch(() => undefined),
      `${options.username}: xmpp.js stop`,
    ).catch(() => undefined);
  };
  try {
    const jid = await within(
      xmpp.start(),
      `${options.username}: xmpp.js login on ${options.service}`,
    );
    return {
      xmpp,
      jid: jid.toString(),
      stanzas,
      pushes,
      errors,
      iq: (type, child) => within(xmpp.iqCaller.request(xml("iq", { type }, child)), `iq ${type}`),
      stop,
    };
  } catch (error) {
    await stop();
    const seen = errors.map((e) => e.message).join("; ");
    throw new Error(`xmpp.js could not log in: ${(error as Error).message} ${seen}`, {
      cause: error,
    });
  }
}

/** Roster items of a query element, by JID: subscription, ask, name, groups. */
export function rosterItems(
  query: XmlElement | undefined,
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const item of query?.getChildren("item") ?? []) {
    out[item.attrs.jid ?? ""] = {
      subscription: item.attrs.subscription ?? "none",
      ...(item.attrs.ask ? { ask: item.attrs.ask } : {}),
      ...(item.attrs.name ? { name: item.attrs.name } : {}),
      groups: item.getChildren("group").map((g) => g.text()),
    };
  }
  return out;
}
