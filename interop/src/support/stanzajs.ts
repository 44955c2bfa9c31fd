// stanza (stanza.io, npm) as a peer, in this process, over WebSocket (RFC 7395).
import { type Agent, createClient } from "stanza";
import { Inbox, within } from "./waits";

/** What the tests look at: events as stanza.io reports them (its JSON view of the stanzas). */
export interface StanzaEvent {
  name: string;
  data: {
    from?: string;
    to?: string;
    type?: string;
    body?: string;
    show?: string;
    status?: string;
    roster?: { items?: Array<{ jid: string; subscription: string; name?: string; ask?: boolean }> };
  };
}

const WATCHED = [
  "chat",
  "available",
  "unavailable",
  "subscribe",
  "subscribed",
  "unsubscribe",
  "unsubscribed",
  "roster:update",
] as const;

export interface StanzaPeer {
  readonly client: Agent;
  /** The bound full JID. */
  readonly jid: string;
  readonly events: Inbox<StanzaEvent>;
  stop(): Promise<void>;
}

export async function startStanza(options: {
  url: string;
  jid: string;
  password: string;
  resource: string;
}): Promise<StanzaPeer> {
  const client = createClient({
    jid: options.jid,
    password: options.password,
    resource: options.resource,
    transports: { websocket: options.url, bosh: false },
  });
  const events = new Inbox<StanzaEvent>((e) => `${e.name} ${JSON.stringify(e.data)}`);
  for (const name of WATCHED) {
    client.on(name, (data: unknown) => events.push({ name, data: data as StanzaEvent["data"] }));
  }
  const streamErrors: string[] = [];
  client.on("stream:error", (error) => streamErrors.push(JSON.stringify(error)));
  const started = new Promise<string>((resolve, reject) => {
    client.once("session:started", () => resolve(client.jid));
    client.once("disconnected", () =>
      reject(new Error(`stanza.io disconnected before the session started ${streamErrors}`)),
    );
    client.once("auth:failed", () => reject(new Error("stanza.io: authentication failed")));
  });
  let stopped = false;
  let disconnected = false;
  client.on("disconnected", () => {
    disconnected = true;
  });
  const stop = async () => {
    if (stopped || disconnected) return;
    stopped = true;
    const gone = new Promise<void>((resolve) => client.once("disconnected", () => resolve()));
    client.disconnect();
    await within(gone, `${options.jid}: stanza.io disconnect`).catch(() => undefined);
  };
  client.connect();
  try {
    const jid = await within(started, `${options.jid}: stanza.io login on ${options.url}`);
    return { client, jid, events, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
