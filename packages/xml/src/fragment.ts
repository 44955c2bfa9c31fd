// One stored element back from its text: the inverse of `serialize(el, { parentNs })`, for what
// storage keeps as XML strings (offline queues, archives, room history, PEP items, private XML).
// It goes through the same restricted-XML parser as the wire, so stored text can never smuggle
// a DTD, an entity or a processing instruction into the server.
import type { Element } from "./element";
import { escapeAttribute } from "./escape";
import { STREAM_NS, StreamParser } from "./stream-parser";
import { utf8Length } from "./utf8";

export interface ParseFragmentOptions {
  /** The default namespace the text was serialized under (`serialize`'s `parentNs`); default "". */
  parentNs?: string;
  /** Largest accepted text in UTF-8 bytes; default: no limit beyond the text's own size. */
  maxBytes?: number;
}

/** The text is not exactly one well-formed, restricted-XML element. */
export class XmlFragmentError extends Error {
  override readonly name = "XmlFragmentError";
}

/** Parses exactly one element; throws XmlFragmentError otherwise. */
export function parseFragment(text: string, options: ParseFragmentOptions = {}): Element {
  const bytes = utf8Length(text);
  if (options.maxBytes !== undefined && bytes > options.maxBytes) {
    throw new XmlFragmentError(`stored XML of ${bytes} bytes exceeds ${options.maxBytes}`);
  }
  const parser = new StreamParser({ maxStanzaBytes: Math.max(bytes, 1) });
  const found: Element[] = [];
  parser.on("element", (el) => found.push(el));
  parser.on("error", () => {}); // read from parser.error below
  const xmlns = escapeAttribute(options.parentNs ?? "");
  parser.write(`<stream:stream xmlns="${xmlns}" xmlns:stream="${STREAM_NS}">`);
  parser.write(text);
  parser.write("</stream:stream>");
  parser.end();
  if (parser.error)
    throw new XmlFragmentError(`stored XML does not parse: ${parser.error.message}`);
  if (found.length !== 1) {
    throw new XmlFragmentError(`stored XML holds ${found.length} elements, not one`);
  }
  return found[0]!;
}

/** parseFragment, or undefined instead of a throw (for readers that skip bad rows). */
export function tryParseFragment(
  text: string,
  options: ParseFragmentOptions = {},
): Element | undefined {
  try {
    return parseFragment(text, options);
  } catch (e) {
    if (e instanceof XmlFragmentError) return undefined;
    throw e;
  }
}
