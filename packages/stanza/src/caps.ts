// XEP-0115 Entity Capabilities: the one implementation of the §5.1 verification string, used by
// the server for its own caps and by modules that verify the caps of clients (§5.4).
import type { Element } from "@parley/xml";
import { NS } from "./ns";

export interface CapsIdentity {
  category: string;
  type: string;
  lang?: string;
  name?: string;
}

/** A XEP-0004 data form as disco#info carries it (XEP-0128): FORM_TYPE plus fields and values. */
export interface CapsForm {
  formType: string;
  fields: Readonly<Record<string, readonly string[]>>;
}

/** What a disco#info result says, in the shape the verification string is computed from. */
export interface DiscoInfoContent {
  identities: CapsIdentity[];
  features: string[];
  forms: CapsForm[];
}

// §5.1 compares strings by "i;octet" (RFC 4790 §9.3): UTF-8 bytes. JavaScript's default sort
// compares UTF-16 code units, which orders characters above U+FFFF differently.
const encoder = new TextEncoder();
function octetCompare(a: string, b: string): number {
  const ea = encoder.encode(a);
  const eb = encoder.encode(b);
  const n = Math.min(ea.length, eb.length);
  for (let i = 0; i < n; i++) if (ea[i] !== eb[i]) return ea[i]! - eb[i]!;
  return ea.length - eb.length;
}

const identityString = (i: CapsIdentity) =>
  `${i.category}/${i.type}/${i.lang ?? ""}/${i.name ?? ""}`;

/** The S string of §5.1 steps 1–6 (before hashing). */
export function capsInput(
  identities: readonly CapsIdentity[],
  features: Iterable<string>,
  forms: readonly CapsForm[] = [],
): string {
  let s = "";
  // Steps 2–3: identities sorted by category, then type, then xml:lang — field by field, not
  // by the joined string ("client-x/…" and "client/…" order differently); name breaks ties.
  const sorted = [...identities].sort(
    (a, b) =>
      octetCompare(a.category, b.category) ||
      octetCompare(a.type, b.type) ||
      octetCompare(a.lang ?? "", b.lang ?? "") ||
      octetCompare(a.name ?? "", b.name ?? ""),
  );
  for (const id of new Set(sorted.map(identityString))) s += `${id}<`;
  // Steps 4–5: features sorted.
  for (const f of [...new Set(features)].sort(octetCompare)) s += `${f}<`;
  // Step 6: forms sorted by FORM_TYPE; within each, fields sorted by var, values sorted.
  for (const form of [...forms].sort((a, b) => octetCompare(a.formType, b.formType))) {
    s += `${form.formType}<`;
    const vars = Object.keys(form.fields)
      .filter((v) => v !== "FORM_TYPE")
      .sort(octetCompare);
    for (const v of vars) {
      s += `${v}<`;
      for (const value of [...form.fields[v]!].sort(octetCompare)) s += `${value}<`;
    }
  }
  return s;
}

/** Reads the identities, features and extended forms of a disco#info `<query/>`. */
export function discoInfoContent(query: Element): DiscoInfoContent {
  const identities = query.getChildren("identity", NS.DISCO_INFO).map((i) => {
    const id: CapsIdentity = { category: i.attr("category") ?? "", type: i.attr("type") ?? "" };
    const lang = i.attr("xml:lang");
    const name = i.attr("name");
    if (lang !== undefined) id.lang = lang;
    if (name !== undefined) id.name = name;
    return id;
  });
  const features = query.getChildren("feature", NS.DISCO_INFO).map((f) => f.attr("var") ?? "");
  const forms: CapsForm[] = [];
  for (const form of query.getChildren("x", NS.DATA_FORMS)) {
    const fields: Record<string, string[]> = {};
    let formType: string | undefined;
    for (const field of form.getChildren("field", NS.DATA_FORMS)) {
      const name = field.attr("var") ?? "";
      const values = field.getChildren("value", NS.DATA_FORMS).map((v) => v.text());
      if (name === "FORM_TYPE") formType = values[0] ?? "";
      else fields[name] = values;
    }
    // §5.4 step 3.6: a form without FORM_TYPE is ignored for the verification string.
    if (formType !== undefined) forms.push({ formType, fields });
  }
  return { identities, features, forms };
}

/** §5.1 S of a disco#info result. */
export function capsInputOf(query: Element): string {
  const { identities, features, forms } = discoInfoContent(query);
  return capsInput(identities, features, forms);
}

/**
 * §5.4 step 3.3–3.5: a result with two identities of the same category/type/lang/name, a
 * repeated feature, or two forms of the same FORM_TYPE (or a FORM_TYPE field that is not
 * hidden) must not be accepted as the answer for a verification string.
 */
export function capsAcceptable(query: Element): boolean {
  const content = discoInfoContent(query);
  const ids = content.identities.map(identityString);
  if (new Set(ids).size !== ids.length) return false;
  if (new Set(content.features).size !== content.features.length) return false;
  const types = content.forms.map((f) => f.formType);
  if (new Set(types).size !== types.length) return false;
  for (const form of query.getChildren("x", NS.DATA_FORMS)) {
    const formType = form
      .getChildren("field", NS.DATA_FORMS)
      .find((f) => f.attr("var") === "FORM_TYPE");
    if (formType && formType.attr("type") !== "hidden") return false;
  }
  return true;
}

/** §5.1 steps 7–8 with SHA-1 (WebCrypto, so it runs in browsers too), base64. */
export async function capsHash(input: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-1", encoder.encode(input));
  let binary = "";
  for (const byte of new Uint8Array(digest)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Whether `query` is an acceptable answer whose verification string is `ver` (§5.4). */
export async function capsVerifies(query: Element, ver: string): Promise<boolean> {
  if (!capsAcceptable(query)) return false;
  return (await capsHash(capsInputOf(query))) === ver;
}
