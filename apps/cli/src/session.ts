// One logged-in session for the length of a command: connect, run, always disconnect.
import { type Client, type ClientOptions, createClient } from "@parley/client";
import { NS, iq } from "@parley/stanza";
import { xml } from "@parley/xml";

export interface Session {
  client: Client;
  /** Rejects when the session ends on its own (connection lost, stream error). Never resolves. */
  lost: Promise<never>;
  /**
   * One iq round trip to our server (XEP-0199 ping; an error answer counts too). The server
   * handles a stream's stanzas in order, so after this everything sent before has been routed
   * and any immediate bounce has arrived.
   */
  flush(): Promise<void>;
}

export async function withSession<T>(
  options: ClientOptions,
  run: (s: Session) => Promise<T>,
): Promise<T> {
  const client = createClient(options);
  let fail: (error: Error) => void = () => {};
  const lost = new Promise<never>((_resolve, reject) => {
    fail = reject;
  });
  lost.catch(() => {}); // only awaited by commands that stay online
  // Every failure the client cannot report through a promise ends up here (once).
  client.on("error", (error) => fail(error));
  client.on("offline", (error) => {
    if (error) fail(error);
  });
  const jid = await client.start();
  const flush = async () => {
    await client.iq
      .request(iq({ type: "get", to: jid.domain }, xml("ping", { xmlns: NS.PING })))
      .catch((error: unknown) => {
        if ((error as Error).name !== "StanzaError") throw error;
      });
  };
  try {
    return await run({ client, lost, flush });
  } finally {
    await client.stop().catch(() => {});
  }
}
