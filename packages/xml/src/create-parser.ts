import { FramedParser } from "./framed-parser";
import type { StreamParserOptions } from "./options";
import type { XmlStreamParser } from "./parser";
import { StreamParser } from "./stream-parser";

/** A parser for a plain XML stream, or with `framing: "websocket"` for RFC 7395 messages. */
export function createStreamParser(options: StreamParserOptions = {}): XmlStreamParser {
  const { framing, ...limits } = options;
  return framing === "websocket" ? new FramedParser(limits) : new StreamParser(limits);
}
