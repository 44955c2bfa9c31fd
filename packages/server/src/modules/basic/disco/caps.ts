// XEP-0115 Entity Capabilities §5.1 for the server's own disco#info: the verification string
// comes from @parley/stanza (the one implementation, also used to verify clients' caps); the
// hash is computed synchronously here, since the server answers disco#info on its hot path.
import { createHash } from "node:crypto";
import { type CapsForm, capsInput } from "@parley/stanza";
import type { DiscoIdentity } from "../../../module-api";

/** A XEP-0004 data form as disco#info carries it: FORM_TYPE plus fields with their values. */
export type DiscoForm = CapsForm;

export { capsInput };

/** §5.1 steps 7–8: SHA-1 over the UTF-8 bytes of S, base64 encoded. */
export function capsVer(
  identities: readonly DiscoIdentity[],
  features: Iterable<string>,
  forms: readonly DiscoForm[] = [],
): string {
  return createHash("sha1")
    .update(capsInput(identities, features, forms), "utf8")
    .digest("base64");
}
