// `xml()` drops undefined attribute values at run time; its type does not say so.
import type { Attributes } from "@parley/xml";

export function attrs(values: Record<string, string | undefined>): Attributes {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined) out[k] = v;
  return out;
}
