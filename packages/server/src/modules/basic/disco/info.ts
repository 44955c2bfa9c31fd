// XEP-0030 disco#info / disco#items result payloads and XEP-0128 extended info forms.
import { NS } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";
import type { DiscoIdentity } from "../../../module-api";
import type { DiscoForm } from "./caps";

export interface DiscoItem {
  jid: string;
  name?: string;
  node?: string;
}

export function identityElement(i: DiscoIdentity): Element {
  const attrs: Record<string, string> = { category: i.category, type: i.type };
  if (i.name !== undefined) attrs.name = i.name;
  if (i.lang !== undefined) attrs["xml:lang"] = i.lang;
  return xml("identity", attrs);
}

/** XEP-0128 §2: a `result` form whose first field is the hidden FORM_TYPE. */
export function formElement(form: DiscoForm): Element {
  const field = (v: string, values: readonly string[], type?: string) =>
    xml(
      "field",
      type ? { var: v, type } : { var: v },
      values.map((value) => xml("value", null, value)),
    );
  return xml(
    "x",
    { xmlns: NS.DATA_FORMS, type: "result" },
    field("FORM_TYPE", [form.formType], "hidden"),
    Object.entries(form.fields)
      .filter(([v]) => v !== "FORM_TYPE")
      .map(([v, values]) => field(v, values)),
  );
}

export function infoQuery(
  identities: readonly DiscoIdentity[],
  features: Iterable<string>,
  forms: readonly DiscoForm[] = [],
  node?: string,
): Element {
  return xml(
    "query",
    node === undefined ? { xmlns: NS.DISCO_INFO } : { xmlns: NS.DISCO_INFO, node },
    identities.map(identityElement),
    [...new Set(features)].sort().map((f) => xml("feature", { var: f })),
    forms.map(formElement),
  );
}

export function itemsQuery(items: readonly DiscoItem[], node?: string): Element {
  return xml(
    "query",
    node === undefined ? { xmlns: NS.DISCO_ITEMS } : { xmlns: NS.DISCO_ITEMS, node },
    items.map((i) => xml("item", { ...i })),
  );
}
