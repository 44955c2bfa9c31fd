// The room archive through XEP-0313 (MAM, §4 querying, with XEP-0059 RSM paging): the last
// `archiveSize` groupchat messages of each room, queried at the room JID. Filters: start and
// end (§4.1.2); no `with`, no full-text search, no ids/after-id/before-id extensions.
import type { Jid } from "@parley/jid";
import { StanzaError } from "@parley/stanza";
import type { Element } from "@parley/xml";
import { buildForm, readForm } from "./forms";
import { DATA_FORMS, DELAY, FORWARD, MAM, RSM } from "./ns";
import { rank } from "./roles";
import type { ArchivedGroupchat, Room } from "./room";
import type { MucService } from "./service";
import { el, stanza } from "./xml-text";

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 250;

const error = (condition: ConstructorParameters<typeof StanzaError>[0], text: string) =>
  new StanzaError(condition, { text, lang: "en" });

/** §5.1.1: the fields a query form may carry. */
export function mamForm(): Element {
  return el(
    "query",
    { xmlns: MAM },
    buildForm("form", MAM, [
      { var: "start", type: "text-single", values: [] },
      { var: "end", type: "text-single", values: [] },
    ]),
  );
}

/** Members-only rooms show their archive to members; others to anyone not banned. */
function checkAccess(room: Room, from: Jid): void {
  const affiliation = room.affiliationOf(from.bare().toString());
  if (affiliation === "outcast") throw error("forbidden", "banned");
  if (room.config.membersOnly && rank(affiliation) < rank("member")) {
    throw error("forbidden", "the archive of a members-only room is for members");
  }
}

function date(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === "") return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw error("bad-request", `${name}: not a date`);
  return ms;
}

function filtered(room: Room, query: Element): ArchivedGroupchat[] {
  const form = query.getChild("x", DATA_FORMS);
  if (!form) return room.archive;
  const fields = readForm(form);
  for (const name of fields.keys()) {
    if (name !== "FORM_TYPE" && name !== "start" && name !== "end") {
      throw error("bad-request", `unsupported filter ${name}`);
    }
  }
  const start = date(fields.get("start")?.[0], "start");
  const end = date(fields.get("end")?.[0], "end");
  return room.archive.filter(
    (i) =>
      (start === undefined || i.stamp.getTime() >= start) &&
      (end === undefined || i.stamp.getTime() <= end),
  );
}

function indexOf(items: ArchivedGroupchat[], id: string): number {
  const i = items.findIndex((item) => item.id === id);
  if (i === -1) throw error("item-not-found", `no archived message ${id}`); // XEP-0059 §2.6
  return i;
}

/** Sends the page as <result/> messages and returns the <fin/> of the iq result. */
export async function mamQuery(
  svc: MucService,
  room: Room,
  iq: Element,
  from: Jid,
  query: Element,
): Promise<Element> {
  checkAccess(room, from);
  const all = filtered(room, query);
  const set = query.getChild("set", RSM);
  const maxText = set?.getChildText("max", RSM);
  if (maxText !== undefined && !/^[0-9]{1,6}$/.test(maxText))
    throw error("bad-request", "max: not a number");
  const max = Math.min(maxText === undefined ? DEFAULT_PAGE : Number(maxText), MAX_PAGE);
  const after = set?.getChildText("after", RSM);
  const before = set?.getChildText("before", RSM);
  let from_ = 0;
  let to = all.length;
  if (after !== undefined) from_ = indexOf(all, after) + 1;
  if (before !== undefined && before !== "") to = indexOf(all, before);
  const backwards = before !== undefined;
  const start = backwards ? Math.max(from_, to - max) : from_;
  const page = all.slice(start, Math.max(start, Math.min(to, start + max)));
  const end = start + page.length;
  const complete = backwards ? start <= from_ : end >= to;
  const queryid = query.attr("queryid");
  for (const item of page) {
    await svc.send(
      stanza(
        "message",
        { from: room.jid, to: iq.attr("from") },
        el(
          "result",
          { xmlns: MAM, queryid, id: item.id },
          el(
            "forwarded",
            { xmlns: FORWARD },
            el("delay", { xmlns: DELAY, stamp: item.stamp.toISOString() }),
            item.message.clone(),
          ),
        ),
      ),
    );
  }
  const rsm = el("set", { xmlns: RSM });
  if (page.length > 0) {
    rsm.append(
      el("first", { index: String(start) }, page[0]!.id),
      el("last", null, page[page.length - 1]!.id),
    );
  }
  rsm.append(el("count", null, String(all.length)));
  return el("fin", { xmlns: MAM, complete: complete ? "true" : undefined }, rsm);
}
