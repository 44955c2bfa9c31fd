// Public API of @parley/xml.
export { Element, xml } from "./element";
export type { Attributes, ChildInput, Node } from "./element";
export { serialize, serializeOpenTag } from "./serialize";
export type { SerializeOptions } from "./serialize";
export { escapeAttribute, escapeText } from "./escape";
export { ECHO_MAX, XmlParserStateError, XmlStreamError, echo } from "./errors";
export type { StreamErrorCondition } from "./errors";
export type { XmlStreamEvents, XmlStreamParser } from "./parser";
export { defaultLimits } from "./options";
export type { ParserLimits, StreamParserOptions } from "./options";
export { STREAM_NS, StreamParser } from "./stream-parser";
export { FRAMING_NS, FramedParser } from "./framed-parser";
export { createStreamParser } from "./create-parser";
export { XmlFragmentError, parseFragment, tryParseFragment } from "./fragment";
export type { ParseFragmentOptions } from "./fragment";
