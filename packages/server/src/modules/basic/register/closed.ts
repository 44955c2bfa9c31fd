// XEP-0077 §3.1 when in-band registration is off (or not offered on this stream): a client that
// asks anyway gets <service-unavailable/>, as Prosody answers, and its stream stays open so that
// it can go on to log in. Without this, the iq would be a stanza before authentication, which
// closes the stream with <not-authorized/> (RFC 6120 §4.9.3.12). Always loaded, at a priority
// below the register module, so it only answers what that module left unanswered.
import { NS, StanzaError, iqError } from "@parley/stanza";
import { type UnauthenticatedIqEvent, defineModule } from "../../../module-api";

/** Below the register module's handler (priority 0). */
const FALLBACK_PRIORITY = -100;

export const registerClosedModule = defineModule({
  name: "register-closed",
  setup(ctx) {
    ctx.on<UnauthenticatedIqEvent>(
      "unauthenticated-iq",
      ({ stanza }) => {
        const type = stanza.attr("type");
        if (type !== "get" && type !== "set") return undefined;
        if (!stanza.getChild("query", NS.REGISTER)) return undefined;
        const error = new StanzaError("service-unavailable", {
          text: "in-band registration is not available here",
          lang: "en",
        });
        // Never echo the query: a set carries a password (XEP-0077 §3.3 asks for this).
        return iqError(stanza, error, { includeOriginal: false });
      },
      FALLBACK_PRIORITY,
    );
  },
});
