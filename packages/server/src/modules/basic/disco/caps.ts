// XEP-0115 Entity Capabilities §5.1: the verification string over identities, features and
// extended service discovery forms (XEP-0128), hashed with SHA-1 and encoded in base64.
import { createHash } from "node:crypto";
import type { DiscoIdentity } from "../../../module-api";

/** A XEP-0004 data form as disco#info carries it: FORM_TYPE plus fields with their values. */
export interface DiscoForm {
  formType: string;
  fields: Readonly<Record<string, readonly string[]>>;
}

// Comparison by octets of the UTF-8 encoding, as §5.1 requires ("i;octet" collation, RFC 4790
// §9.3); JavaScript's default sort compares UTF-16 code units, which differs above U+FFFF.
function octetCompare(a: string, b: string): number {
  const ea = new TextEncoder().encode(a);
  const eb = new TextEncoder().encode(b);
  const n = Math.min(ea.length, eb.length);
  for (let i = 0; i < n; i++) if (ea[i] !== eb[i]) return ea[i]! - eb[i]!;
  return ea.length - eb.length;
}

const identityString = (i: DiscoIdentity) =>
  `${i.category}/${i.type}/${i.lang ?? ""}/${i.name ?? ""}`;

/** The S string of §5.1 steps 1-8 (before hashing). */
export function capsInput(
  identities: readonly DiscoIdentity[],
  features: Iterable<string>,
  forms: readonly DiscoForm[] = [],
): string {
  let s = "";
  // Steps 2-3: identities sorted by category, then type, then xml:lang (name breaks ties).
  const sorted = [...identities].sort(
    (a, b) =>
      octetCompare(a.category, b.category) ||
      octetCompare(a.type, b.type) ||
      octetCompare(a.lang ?? "", b.lang ?? "") ||
      octetCompare(a.name ?? "", b.name ?? ""),
  );
  for (const id of new Set(sorted.map(identityString))) s += `${id}<`;
  // Steps 4-5: features sorted.
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

/** §5.1 step 7-8: SHA-1 over the UTF-8 bytes of S, base64 encoded. */
export function capsVer(
  identities: readonly DiscoIdentity[],
  features: Iterable<string>,
  forms: readonly DiscoForm[] = [],
): string {
  return createHash("sha1")
    .update(capsInput(identities, features, forms), "utf8")
    .digest("base64");
}
