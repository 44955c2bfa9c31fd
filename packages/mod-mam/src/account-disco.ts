// XEP-0313 §7: the MAM features are advertised on the archiving JID, the user's bare JID; the
// server's disco module answers for accounts with what modules add (ctx.addAccountFeature).
import type { ModuleContext } from "@parley/server";
import { NS } from "@parley/stanza";

export const ACCOUNT_FEATURES = [NS.MAM, `${NS.MAM}#extended`, NS.SID] as const;

export function registerAccountDisco(ctx: ModuleContext): void {
  for (const feature of ACCOUNT_FEATURES) ctx.addAccountFeature(feature);
}
