// Stored stanzas (XML strings, as the storage contract keeps them) and XEP-0082 date-times.
import { NS } from "@parley/stanza";
import { type Element, serialize, tryParseFragment } from "@parley/xml";

/** Serializes a stanza for the archive, as written inside a jabber:client stream. */
export function toStored(stanza: Element): string {
  return serialize(stanza, { parentNs: NS.CLIENT });
}

/** Parses an archived stanza back; undefined (never a throw) when it is not one element. */
export function parseStored(text: string): Element | undefined {
  return tryParseFragment(text, { parentNs: NS.CLIENT });
}

/** XEP-0082 DateTime with milliseconds when there are any: 2002-09-10T23:08:25.123Z. */
export function formatDateTime(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, "Z");
}

// XEP-0082 §3.2 DateTime: CCYY-MM-DDThh:mm:ss[.sss]TZD, TZD = Z or ±hh:mm.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses a XEP-0082 DateTime; undefined when the text is not one (or names no real instant). */
export function parseDateTime(text: string): Date | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  if (mo! < 1 || mo! > 12 || d! < 1 || h! > 23 || mi! > 59 || s! > 59) return undefined;
  const date = new Date(text.trim());
  if (Number.isNaN(date.getTime())) return undefined;
  // new Date() rolls Feb 30 over to March; a real date keeps its day of month.
  const local = new Date(Date.UTC(y!, mo! - 1, d!));
  if (local.getUTCDate() !== d) return undefined;
  return date;
}
