// XEP-0357 §5 <enable/> and §6 <disable/>: iq set to the user's own bare JID.
import { Jid, JidError } from "@parley/jid";
import type { StanzaEvent } from "@parley/server";
import { NS, StanzaError } from "@parley/stanza";
import { type Element, serialize } from "@parley/xml";
import type { PushConfig } from "./config";
import { type Registration, type Registrations, registrationKey } from "./registrations";

export const PUBLISH_OPTIONS = "http://jabber.org/protocol/pubsub#publish-options";

const bad = (text: string) => new StanzaError("bad-request", { text, lang: "en" });

/** Only the account itself manages its registrations. */
export function ownerOf(event: StanzaEvent): string {
  if (!event.from.bareEquals(event.to.bare())) throw new StanzaError("forbidden");
  return event.to.bare().toString();
}

function serviceJid(el: Element): string {
  const value = el.attr("jid");
  if (value === undefined) throw bad("'jid' of the push service is required");
  try {
    return Jid.parse(value).toString();
  } catch (e) {
    if (e instanceof JidError)
      throw new StanzaError("jid-malformed", { text: e.message, lang: "en" });
    throw e;
  }
}

/** The publish-options form (§5), checked: FORM_TYPE must be pubsub#publish-options. */
function publishOptionsOf(enable: Element): string | undefined {
  const forms = enable.getChildren("x", NS.DATA_FORMS);
  if (forms.length === 0) return undefined;
  if (forms.length > 1) throw bad("at most one publish-options form");
  const form = forms[0]!.clone();
  const formType = form
    .getChildren("field")
    .find((f) => f.attr("var") === "FORM_TYPE")
    ?.getChildText("value");
  if (formType !== PUBLISH_OPTIONS) throw bad(`the form's FORM_TYPE must be ${PUBLISH_OPTIONS}`);
  form.setAttr("type", "submit");
  return serialize(form);
}

export async function enable(
  registrations: Registrations,
  config: PushConfig,
  owner: string,
  el: Element,
): Promise<Registration> {
  const jid = serviceJid(el);
  const node = el.attr("node") ?? "";
  const registration: Registration = { jid, node, publishOptions: publishOptionsOf(el) };
  const existing = await registrations.list(owner);
  const key = registrationKey(jid, node);
  if (
    existing.length >= config.maxRegistrations &&
    !existing.some((r) => registrationKey(r.jid, r.node) === key)
  ) {
    throw new StanzaError("resource-constraint", {
      text: `at most ${config.maxRegistrations} push registrations per account`,
      lang: "en",
    });
  }
  await registrations.put(owner, registration);
  return registration;
}

export async function disable(registrations: Registrations, owner: string, el: Element) {
  return registrations.remove(owner, serviceJid(el), el.attr("node"));
}
