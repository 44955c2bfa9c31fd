// Typed errors of @parley/mod-carbons. Each is a StanzaError carrying its RFC 6120 condition,
// so a hook that throws it gets the right error reply sent back.
import { StanzaError } from "@parley/stanza";

/**
 * A message carrying a carbon (<sent/> or <received/>) that does not come from the recipient's
 * own bare JID: only the user's server makes carbons (XEP-0280 §11), so it is rejected.
 */
export class ForgedCarbonError extends StanzaError {
  constructor() {
    super("not-acceptable", {
      text: "carbon copies come only from the account's server",
      lang: "en",
    });
  }
}

/** An enable/disable request for another account's sessions (XEP-0280 §4.1, §5.1). */
export class CarbonsNotAllowedError extends StanzaError {
  constructor() {
    super("not-allowed", { text: "carbons are enabled by the session itself", lang: "en" });
  }
}
