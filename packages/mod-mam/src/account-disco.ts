// XEP-0313 §7: the MAM features are advertised on the archiving JID, the user's bare JID. The
// built-in disco module answers account disco#info from a fixed list, so this hook answers the
// account's own query (no node) first, with that list plus the archive features. Everything else
// (other askers, nodes) goes on to the disco module. A core hook for account features would
// replace this.
import type { ModuleContext, StanzaEvent } from "@parley/server";
import { NS, iqResult } from "@parley/stanza";
import { xml } from "@parley/xml";

export const ACCOUNT_FEATURES = [NS.MAM, `${NS.MAM}#extended`, NS.SID] as const;

export function registerAccountDisco(ctx: ModuleContext): void {
  ctx.on<StanzaEvent>(
    `iq-get/bare/${NS.DISCO_INFO}:query`,
    (event) => {
      const origin = event.origin;
      const query = event.stanza.getChild("query", NS.DISCO_INFO);
      if (
        !origin?.bareJid ||
        !event.to.equals(origin.bareJid) ||
        query?.attr("node") !== undefined
      ) {
        return undefined;
      }
      const features = [NS.DISCO_INFO, NS.DISCO_ITEMS, ...ACCOUNT_FEATURES].sort();
      const payload = xml(
        "query",
        { xmlns: NS.DISCO_INFO },
        xml("identity", { category: "account", type: "registered" }),
        features.map((f) => xml("feature", { var: f })),
      );
      origin.send(iqResult(event.stanza, payload));
      return true;
    },
    10,
  );
}
