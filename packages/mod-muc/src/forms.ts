// XEP-0004 data forms: just what the room configuration, room information and MAM forms need.
import type { Element } from "@parley/xml";
import { el } from "./xml-text";
import { DATA_FORMS } from "./ns";

export interface FormField {
  var: string;
  type?: string;
  label?: string;
  values: readonly string[];
  options?: readonly { label?: string; value: string }[];
}

/** `<x xmlns='jabber:x:data' type=…>` with a hidden FORM_TYPE field first (XEP-0068 §3). */
export function buildForm(
  type: "form" | "result",
  formType: string,
  fields: readonly FormField[],
  title?: string,
): Element {
  return el(
    "x",
    { xmlns: DATA_FORMS, type },
    title === undefined ? null : el("title", null, title),
    el("field", { var: "FORM_TYPE", type: "hidden" }, el("value", null, formType)),
    fields.map((f) =>
      el(
        "field",
        { var: f.var, type: f.type, label: f.label },
        f.values.map((v) => el("value", null, v)),
        (f.options ?? []).map((o) => el("option", { label: o.label }, el("value", null, o.value))),
      ),
    ),
  );
}

/** The values of a submitted form by field var (XEP-0004 §3.2); FORM_TYPE included. */
export function readForm(form: Element): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const field of form.getChildren("field", DATA_FORMS)) {
    const name = field.attr("var");
    if (name === undefined) continue;
    out.set(
      name,
      field.getChildren("value", DATA_FORMS).map((v) => v.text()),
    );
  }
  return out;
}

/** XEP-0004 §3.3 boolean: "1"/"true" or "0"/"false"; undefined for anything else. */
export function parseBoolean(value: string | undefined): boolean | undefined {
  if (value === "1" || value === "true") return true;
  if (value === "0" || value === "false") return false;
  return undefined;
}
