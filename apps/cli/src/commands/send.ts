// `parley send JID [TEXT]`: one message (RFC 6121 §5), optionally waiting for a XEP-0184 receipt.
import type { Jid } from "@parley/jid";
import { type MessageType, type MessageView, StanzaError, message } from "@parley/stanza";
import { RecipientError } from "../errors";
import type { CliIo } from "../io";
import type { Session } from "../session";

export interface SendOptions {
  type: Extract<MessageType, "chat" | "normal" | "headline">;
  receipt: boolean;
}

export async function sendMessage(
  s: Session,
  to: Jid,
  body: string,
  o: SendOptions,
  io: CliIo,
): Promise<void> {
  const stanza = message({ to, type: o.type, body });
  const id = stanza.attr("id") ?? `parley-${Date.now().toString(36)}`;
  stanza.setAttr("id", id);
  // RFC 6121 §8.5.2: a bounce comes back as a message of type error with our id.
  let bounce: StanzaError | undefined;
  const onMessage = (m: MessageView) => {
    if (m.id === id && m.isError) bounce ??= m.error;
  };
  s.client.on("message", onMessage);
  try {
    if (o.receipt) {
      try {
        await s.client.sendAndWaitForReceipt(stanza);
      } catch (error) {
        if (error instanceof StanzaError) throw new RecipientError(to.toString(), error);
        throw error;
      }
      io.out(`receipt from ${to}`);
      return;
    }
    s.client.send(stanza);
    await s.flush();
    if (bounce) throw new RecipientError(to.toString(), bounce);
  } finally {
    s.client.off("message", onMessage);
  }
}
