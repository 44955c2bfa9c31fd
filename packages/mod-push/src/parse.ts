// Parses one stored XML element (a serialized publish-options form).
import { type Element, StreamParser } from "@parley/xml";

export function parseXml(text: string): Element | undefined {
  const parser = new StreamParser({ maxStanzaBytes: 64 * 1024 });
  let found: Element | undefined;
  parser.on("element", (el) => {
    found ??= el;
  });
  parser.on("error", () => {});
  try {
    parser.write(
      `<stream:stream xmlns="jabber:client" xmlns:stream="http://etherx.jabber.org/streams">${text}`,
    );
  } catch {
    return undefined;
  }
  return found;
}
