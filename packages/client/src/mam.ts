// XEP-0313 Message Archive Management, client side: one page of an archive query, or an async
// iterator over every page (XEP-0059 paging by UID). Results are accepted only from the archive
// queried and for our query id (§9.2).
import { NS, generateId, iq } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";
import type { Client } from "./client";
import type { RequestOptions } from "./iq/caller";

export interface ArchiveQueryOptions extends RequestOptions {
  /** Only messages to/from this JID (bare: any resource). */
  with?: string;
  start?: Date;
  end?: Date;
  /** Page size (the server may clamp it). */
  max?: number;
  /** Page forwards, starting after this archive id. */
  after?: string;
  /** Page backwards: before this id, or `true` for the last page (an empty RSM <before/>). */
  before?: string | true;
  /** The archive to query; default our own account. */
  archive?: string;
}

export interface ArchivedMessage {
  /** Archive UID. */
  id: string;
  /** When the archive received it (XEP-0203 delay). */
  stamp: Date | undefined;
  message: Element;
}

export interface ArchivePage {
  /** Oldest first. */
  messages: ArchivedMessage[];
  first: string | undefined;
  last: string | undefined;
  count: number | undefined;
  /** No more pages in this direction. */
  complete: boolean;
}

function queryElement(queryid: string, o: ArchiveQueryOptions): Element {
  const field = (name: string, value: string | undefined) =>
    value === undefined ? undefined : xml("field", { var: name }, xml("value", null, value));
  const set = xml(
    "set",
    { xmlns: NS.RSM },
    o.max === undefined ? undefined : xml("max", null, String(o.max)),
    o.after === undefined ? undefined : xml("after", null, o.after),
    o.before === undefined
      ? undefined
      : xml("before", null, o.before === true ? undefined : o.before),
  );
  return xml(
    "query",
    { xmlns: NS.MAM, queryid },
    xml(
      "x",
      { xmlns: NS.DATA_FORMS, type: "submit" },
      xml("field", { var: "FORM_TYPE", type: "hidden" }, xml("value", null, NS.MAM)),
      field("with", o.with),
      field("start", o.start?.toISOString()),
      field("end", o.end?.toISOString()),
    ),
    set.elements().length > 0 ? set : undefined,
  );
}

/** One page of results. */
export async function queryArchivePage(
  client: Client,
  options: ArchiveQueryOptions = {},
): Promise<ArchivePage> {
  const queryid = generateId();
  const own = client.jid?.bare().toString();
  const archive = options.archive ?? own;
  const messages: ArchivedMessage[] = [];
  const collect = (stanza: Element) => {
    const result = stanza.localName === "message" ? stanza.getChild("result", NS.MAM) : undefined;
    if (!result || result.attr("queryid") !== queryid) return;
    const from = stanza.attr("from");
    // §9.2: only the queried archive (an absent 'from' is our own account) may answer.
    const genuine =
      from === undefined ? archive === own : from.toLowerCase() === archive?.toLowerCase();
    const fwd = result.getChild("forwarded", NS.FORWARD);
    const message = fwd?.getChild("message", NS.CLIENT);
    const id = result.attr("id");
    if (!genuine || !message || id === undefined) return;
    const stamp = fwd?.getChild("delay", NS.DELAY)?.attr("stamp");
    messages.push({ id, stamp: stamp === undefined ? undefined : new Date(stamp), message });
  };
  client.on("stanza", collect);
  try {
    const request = iq({ type: "set", to: options.archive }, queryElement(queryid, options));
    const answer = await client.iq.request(request, options);
    const fin = answer.getChild("fin", NS.MAM);
    const set = fin?.getChild("set", NS.RSM);
    const count = set?.getChildText("count", NS.RSM);
    return {
      messages,
      first: set?.getChildText("first", NS.RSM),
      last: set?.getChildText("last", NS.RSM),
      count: count === undefined ? undefined : Number(count),
      complete: fin?.attr("complete") === "true",
    };
  } finally {
    client.off("stanza", collect);
  }
}

/**
 * Every page of a query: forwards from `after` (or the start), or backwards when `before` is
 * given (from the end for `before: true`), until the server says the result set is complete.
 */
export async function* queryArchive(
  client: Client,
  options: ArchiveQueryOptions = {},
): AsyncGenerator<ArchivePage, void, undefined> {
  let o = options;
  const backwards = options.before !== undefined;
  for (;;) {
    const page = await queryArchivePage(client, o);
    yield page;
    const next = backwards ? page.first : page.last;
    if (page.complete || next === undefined) return;
    o = backwards
      ? { ...o, before: next, after: undefined }
      : { ...o, after: next, before: undefined };
  }
}
