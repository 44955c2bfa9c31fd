// Reading a MAM query (XEP-0313 §4): the data form filters (§4.1) and the RSM set (XEP-0059).
// Every problem is a StanzaError with the condition XEP-0313 names.
import { Jid } from "@parley/jid";
import { NS, StanzaError } from "@parley/stanza";
import type { ArchiveQuery } from "@parley/storage";
import type { Element } from "@parley/xml";
import { parseDateTime } from "./codec";
import type { MamConfig } from "./config";

export interface MamRequest {
  queryid: string | undefined;
  /** The store query, `max` already clamped to the server's page limit. */
  query: ArchiveQuery;
  /** XEP-0313 §4.3.4 <flip-page/>: send the page newest first. */
  flip: boolean;
}

const badRequest = (text: string) => new StanzaError("bad-request", { text, lang: "en" });
const notImplemented = (text: string) =>
  new StanzaError("feature-not-implemented", { text, lang: "en" });

/** Fields this server understands (XEP-0313 §4.1 and the mam:2#extended ones). */
const FIELDS = new Set(["FORM_TYPE", "with", "start", "end", "before-id", "after-id", "ids"]);

function values(field: Element): string[] {
  return field.getChildren("value", NS.DATA_FORMS).map((v) => v.text().trim());
}

function single(field: Element, name: string): string {
  const v = values(field);
  if (v.length !== 1 || v[0] === "") throw badRequest(`field '${name}' needs exactly one value`);
  return v[0]!;
}

function applyForm(form: Element, query: ArchiveQuery): void {
  const type = form.attr("type");
  if (type !== undefined && type !== "submit")
    throw badRequest("the form must be of type 'submit'");
  for (const field of form.getChildren("field", NS.DATA_FORMS)) {
    const name = field.attr("var");
    if (name === undefined) throw badRequest("a form field without 'var'");
    // §4.1.5: a field the server does not know (full-text search, include-groupchat, …).
    if (!FIELDS.has(name)) throw notImplemented(`unsupported query field '${name}'`);
    switch (name) {
      case "FORM_TYPE":
        if (single(field, name) !== NS.MAM) throw badRequest(`FORM_TYPE must be ${NS.MAM}`);
        break;
      case "with": {
        let jid: Jid;
        try {
          jid = Jid.parse(single(field, name));
        } catch (e) {
          if (e instanceof StanzaError) throw e;
          throw badRequest("'with' is not a JID");
        }
        query.with = jid.bare().toString();
        // §4.1.1: a full JID matches exactly, a bare one any resource.
        if (jid.resource !== "") query.withResource = jid.resource;
        break;
      }
      case "start":
      case "end": {
        const date = parseDateTime(single(field, name));
        if (!date) throw badRequest(`'${name}' is not a XEP-0082 DateTime`);
        query[name] = date;
        break;
      }
      case "before-id":
        query.beforeId = single(field, name);
        break;
      case "after-id":
        query.afterId = single(field, name);
        break;
      case "ids": {
        const ids = values(field).filter((v) => v !== "");
        if (ids.length === 0) throw badRequest("'ids' needs at least one value");
        query.ids = ids;
        break;
      }
    }
  }
}

function applyRsm(set: Element, query: ArchiveQuery, config: MamConfig): void {
  if (set.getChild("index", NS.RSM)) {
    // XEP-0059 §2.6 allows refusing index paging; MAM clients page by UID (XEP-0313 §4.3.2).
    throw notImplemented("RSM <index/> is not supported: page with <after/> or <before/>");
  }
  const max = set.getChildText("max", NS.RSM);
  if (max !== undefined) {
    const n = /^\d{1,9}$/.test(max.trim()) ? Number(max.trim()) : Number.NaN;
    if (Number.isNaN(n)) throw badRequest("RSM <max/> must be a non-negative integer");
    // XEP-0313 §4.3.1: a server MAY limit a page and return fewer results (complete='false').
    query.max = Math.min(n, config.maxPageSize);
  }
  const after = set.getChild("after", NS.RSM);
  if (after) {
    const id = after.text().trim();
    if (id === "") throw badRequest("RSM <after/> needs a UID");
    query.after = id;
  }
  const before = set.getChild("before", NS.RSM);
  if (before) {
    const id = before.text().trim();
    // XEP-0059 §2.5: an empty <before/> asks for the last page.
    if (id === "") query.last = true;
    else query.before = id;
  }
}

/** Reads <query xmlns='urn:xmpp:mam:2'/>. */
export function parseRequest(el: Element, config: MamConfig): MamRequest {
  // XEP-0313 §6.1.3 reserves 'node' for pubsub archives, which a user archive is not.
  if (el.attr("node") !== undefined) throw notImplemented("no pubsub archives here");
  const query: ArchiveQuery = { max: config.defaultPageSize };
  const form = el.getChild("x", NS.DATA_FORMS);
  if (form) applyForm(form, query);
  const set = el.getChild("set", NS.RSM);
  if (set) applyRsm(set, query, config);
  return {
    queryid: el.attr("queryid"),
    query,
    flip: el.getChild("flip-page", NS.MAM) !== undefined,
  };
}
