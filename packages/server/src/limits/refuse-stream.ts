// A stream refused before it starts: our header, the stream error, the closing tag (RFC 6120
// §4.9.1.1, §4.9.1.2; RFC 7395 §3.6 on WebSocket), with no parser and no session behind it.
import { randomBytes } from "node:crypto";
import { NS, type StreamError } from "@parley/stanza";
import { serialize } from "@parley/xml";
import { closingTag, responseHeader } from "../stream/header";

/** The three pieces, each its own WebSocket message when `framed` (RFC 7395 §3.3.3). */
export function refusalParts(error: StreamError, domain: string, framed: boolean): string[] {
  const id = randomBytes(12).toString("base64url");
  return [
    responseHeader({ id, from: domain }, framed),
    serialize(error.toElement({ standalone: framed }), { parentNs: framed ? "" : NS.CLIENT }),
    closingTag(framed),
  ];
}
