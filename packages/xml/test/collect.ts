// Test helper: records a parser's events as comparable strings.
import { type XmlStreamParser, serialize, serializeOpenTag } from "../src/index";

export type Recorded = string[];

export function record(parser: XmlStreamParser): Recorded {
  const events: Recorded = [];
  parser.on("streamStart", (_attrs, el) => events.push(`start ${serializeOpenTag(el)}`));
  parser.on("element", (el) =>
    events.push(`element ${serialize(el, { parentNs: "jabber:client" })}`),
  );
  parser.on("streamEnd", () => events.push("end"));
  parser.on("error", (err) => events.push(`error ${err.condition}`));
  return events;
}

const encoder = new TextEncoder();

export function bytes(text: string): Uint8Array {
  return encoder.encode(text);
}
