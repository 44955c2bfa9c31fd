// XEP-0313 Message Archive Management for user archives, with XEP-0359 stanza-ids, XEP-0059
// paging and XEP-0441 preferences.
import { defineModule } from "@parley/server";
import { registerAccountDisco } from "./account-disco";
import { registerArchiver } from "./archiver";
import { readMamConfig } from "./config";
import { MamStorageError } from "./errors";
import { registerHandlers } from "./handlers";

export const mamModule = defineModule({
  name: "mam",
  setup(ctx) {
    const config = readMamConfig(ctx.config);
    const store = ctx.storage.archive;
    if (!store) throw new MamStorageError("mod-mam needs a storage backend with an archive store");
    registerArchiver(ctx, store, config);
    registerHandlers(ctx, store, config);
    registerAccountDisco(ctx);
  },
});
