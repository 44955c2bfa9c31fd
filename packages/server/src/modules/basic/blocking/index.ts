// XEP-0191 Simple Communications Blocking.
import { NS } from "@parley/stanza";
import { defineModule } from "../../../module-api";
import { ACCOUNT_REMOVED_EVENT, type AccountRemovedEvent } from "../register/account-changes";
import { configNumber } from "../account";
import { BlocklistStore, DEFAULT_CACHE_SIZE } from "./blocklist-store";
import { registerCommands } from "./commands";
import { registerEnforcement } from "./enforcement";
import { createPresenceNotifier } from "./presence";

export { BLOCKING_STORE } from "./blocklist-store";
export { candidates, isBlocked } from "./matching";

export const blockingModule = defineModule({
  name: "blocking",
  setup(ctx) {
    // A bound session proves the account exists; only otherwise ask the account store.
    const accountExists = (owner: string) =>
      ctx.sessionsOf(owner).length > 0 || ctx.storage.accounts.exists(owner);
    const store = new BlocklistStore(
      ctx.storage.kv,
      accountExists,
      configNumber(ctx.config, "cacheSize", DEFAULT_CACHE_SIZE),
    );
    const notifier = createPresenceNotifier(ctx);
    ctx.addFeature(NS.BLOCKING);
    registerCommands(ctx, store, notifier);
    registerEnforcement(ctx, store, notifier);
    // The cached list of an account deleted in-band must not outlive it.
    ctx.on<AccountRemovedEvent>(ACCOUNT_REMOVED_EVENT, ({ jid }) => {
      store.forget(jid);
      return undefined;
    });
  },
});
