// XEP-0357 §7: the pubsub publish of a <notification/> with the urn:xmpp:push:summary form, and
// the publish options given at enable time.
import { NS, generateId } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";
import { parseXml } from "./parse";
import type { Registration } from "./registrations";

export const PUSH_SUMMARY = "urn:xmpp:push:summary";

export interface Summary {
  messageCount: number;
  lastSender: string | undefined;
  lastBody: string | undefined;
}

const field = (name: string, value: string) =>
  xml("field", { var: name }, xml("value", null, value));

export function publishIq(owner: string, r: Registration, summary: Summary): Element {
  const form = xml(
    "x",
    { xmlns: NS.DATA_FORMS, type: "submit" },
    field("FORM_TYPE", PUSH_SUMMARY),
    field("message-count", String(summary.messageCount)),
  );
  if (summary.lastSender !== undefined)
    form.append(field("last-message-sender", summary.lastSender));
  if (summary.lastBody !== undefined) form.append(field("last-message-body", summary.lastBody));
  const publish = xml(
    "publish",
    r.node === "" ? {} : { node: r.node },
    xml("item", null, xml("notification", { xmlns: NS.PUSH }, form)),
  );
  const pubsub = xml("pubsub", { xmlns: NS.PUBSUB }, publish);
  const options = r.publishOptions === undefined ? undefined : parseXml(r.publishOptions);
  if (options) pubsub.append(xml("publish-options", null, options));
  // §7: published by the user's server on behalf of the account (from = the bare JID).
  return xml("iq", { type: "set", from: owner, to: r.jid, id: generateId() }, pubsub);
}
