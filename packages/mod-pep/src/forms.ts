// XEP-0004 data forms, only as far as pubsub configuration needs them: read the fields of a
// submitted form, write a form of fields.
import { type Element, xml } from "@parley/xml";
import { DATA_FORMS } from "./ns";
import { attrs } from "./attrs";

export type FormValues = Map<string, string[]>;

/** The first jabber:x:data form among `parent`'s children, or undefined. */
export function findForm(parent: Element | undefined): Element | undefined {
  return parent?.getChild("x", DATA_FORMS);
}

/** Field values of a form by var (FORM_TYPE included), in document order. */
export function readForm(form: Element): FormValues {
  const values: FormValues = new Map();
  for (const field of form.getChildren("field", DATA_FORMS)) {
    const name = field.attr("var");
    if (name === undefined) continue;
    values.set(
      name,
      field.getChildren("value", DATA_FORMS).map((v) => v.text()),
    );
  }
  return values;
}

export interface FormField {
  var: string;
  type?: string;
  label?: string;
  values: readonly string[];
  options?: readonly string[];
}

export function buildForm(
  type: "form" | "result" | "submit",
  fields: readonly FormField[],
): Element {
  return xml(
    "x",
    { xmlns: DATA_FORMS, type },
    fields.map((f) =>
      xml(
        "field",
        attrs({ var: f.var, type: f.type, label: f.label }),
        f.values.map((v) => xml("value", null, v)),
        (f.options ?? []).map((o) => xml("option", null, xml("value", null, o))),
      ),
    ),
  );
}
