// Parses XML typed into `parley console`: complete top-level elements in the jabber:client
// namespace (as if inside a client stream), or "incomplete" when more lines are needed.
import { NS } from "@parley/stanza";
import { type Element, StreamParser } from "@parley/xml";

export type FragmentResult =
  | { kind: "elements"; elements: Element[] }
  | { kind: "incomplete" }
  | { kind: "error"; message: string };

const HEADER = `<stream:stream xmlns="${NS.CLIENT}" xmlns:stream="${NS.STREAM}">`;

function run(text: string): { elements: Element[]; failure?: string; ended: boolean } {
  const parser = new StreamParser();
  const out: { elements: Element[]; failure?: string; ended: boolean } = {
    elements: [],
    ended: false,
  };
  parser.on("element", (el) => out.elements.push(el));
  parser.on("error", (error) => {
    out.failure ??= error.message;
  });
  parser.on("streamEnd", () => {
    out.ended = true;
  });
  try {
    parser.write(text);
  } catch (error) {
    out.failure ??= (error as Error).message;
  }
  return out;
}

export function parseFragment(text: string): FragmentResult {
  const open = run(HEADER + text);
  if (open.failure !== undefined) return { kind: "error", message: open.failure };
  if (open.ended)
    return { kind: "error", message: "</stream:stream> cannot be sent from the console" };
  // Closing the stream right after the text succeeds only when no element is left open.
  const closed = run(`${HEADER}${text}</stream:stream>`);
  if (closed.failure !== undefined || !closed.ended) return { kind: "incomplete" };
  if (open.elements.length === 0) return { kind: "incomplete" };
  return { kind: "elements", elements: open.elements };
}
