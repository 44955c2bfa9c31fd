// How received messages are printed by `listen` (a line of text, or one JSON object a line).
import { MessageView, NS } from "@parley/stanza";
import type { Element } from "@parley/xml";

export interface MessageRecord {
  from: string | null;
  to: string | null;
  type: string;
  body: string;
  id: string | null;
  /** XEP-0203 delay stamp when the message was delayed (offline storage), else the time received. */
  stamp: string;
}

export function messageRecord(el: Element, now: Date = new Date()): MessageRecord | undefined {
  const view = new MessageView(el);
  const body = view.body;
  if (body === undefined) return undefined; // chat states, receipts and the like carry no text
  const delay = el.getChild("delay", NS.DELAY)?.attr("stamp");
  return {
    from: view.from ?? null,
    to: view.to ?? null,
    type: view.type,
    body,
    id: view.id ?? null,
    stamp:
      delay !== undefined && !Number.isNaN(Date.parse(delay))
        ? new Date(delay).toISOString()
        : now.toISOString(),
  };
}

/** `HH:MM:SS` in local time. */
export function clock(date: Date): string {
  return date.toTimeString().slice(0, 8);
}

/** Continuation lines of a multi-line text are indented under the first. */
export function indentLines(text: string, indent: string): string {
  return text.replace(/\r?\n/g, `\n${indent}`);
}

export function textLine(r: MessageRecord): string {
  const type = r.type === "normal" || r.type === "chat" ? "" : ` (${r.type})`;
  const prefix = `[${clock(new Date(r.stamp))}] ${r.from ?? "?"}${type}: `;
  return prefix + indentLines(r.body, " ".repeat(prefix.length));
}

export function jsonLine(r: MessageRecord): string {
  return JSON.stringify(r);
}
