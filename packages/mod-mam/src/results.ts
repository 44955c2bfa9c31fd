// Building MAM answers: result messages (XEP-0313 §4.2), the <fin/> with its RSM set (§4.3),
// the query form (§4.1.4) and archive metadata (§5).
import { NS, generateId, message } from "@parley/stanza";
import type { ArchivedMessage, ArchivePage } from "@parley/storage";
import { type Element, xml } from "@parley/xml";
import { formatDateTime, parseStored } from "./codec";

/** One result: <message><result queryid id><forwarded><delay/><message/></forwarded></result>. */
export function resultMessage(
  to: string,
  from: string,
  queryid: string | undefined,
  item: ArchivedMessage,
): Element {
  const original = parseStored(item.xml);
  // XEP-0297 §3: the forwarded stanza keeps its jabber:client namespace.
  if (original && original.attrs.xmlns === NS.CLIENT) original.setAttr("xmlns", undefined);
  return message(
    { to, from, id: generateId() },
    xml(
      "result",
      queryid === undefined
        ? { xmlns: NS.MAM, id: item.id }
        : { xmlns: NS.MAM, queryid, id: item.id },
      xml(
        "forwarded",
        { xmlns: NS.FORWARD },
        xml("delay", { xmlns: NS.DELAY, stamp: formatDateTime(item.stamp) }),
        original,
      ),
    ),
  );
}

/** §4.3: <fin complete='true|false'> with first/last/count (XEP-0059 §2.2). */
export function finElement(page: ArchivePage): Element {
  const first = page.items[0];
  const last = page.items.at(-1);
  return xml(
    "fin",
    { xmlns: NS.MAM, complete: page.complete ? "true" : "false" },
    xml(
      "set",
      { xmlns: NS.RSM },
      first && xml("first", { index: String(page.index ?? 0) }, first.id),
      last && xml("last", null, last.id),
      xml("count", null, String(page.count)),
    ),
  );
}

/** §4.1.4: the fields a query may use. */
export function queryForm(): Element {
  const field = (v: string, type: string, ...children: Element[]) =>
    xml("field", { var: v, type }, ...children);
  return xml(
    "query",
    { xmlns: NS.MAM },
    xml(
      "x",
      { xmlns: NS.DATA_FORMS, type: "form" },
      field("FORM_TYPE", "hidden", xml("value", null, NS.MAM)),
      field("with", "jid-single"),
      field("start", "text-single"),
      field("end", "text-single"),
      field("before-id", "text-single"),
      field("after-id", "text-single"),
      field(
        "ids",
        "list-multi",
        xml(
          "validate",
          { xmlns: "http://jabber.org/protocol/xdata-validate", datatype: "xs:string" },
          xml("open"),
        ),
      ),
    ),
  );
}

/** §5: first and last message of the archive (an empty <metadata/> for an empty archive). */
export function metadataElement(first?: ArchivedMessage, last?: ArchivedMessage): Element {
  const edge = (name: string, m: ArchivedMessage) =>
    xml(name, { id: m.id, timestamp: formatDateTime(m.stamp) });
  return xml(
    "metadata",
    { xmlns: NS.MAM },
    first && edge("start", first),
    last && edge("end", last),
  );
}
