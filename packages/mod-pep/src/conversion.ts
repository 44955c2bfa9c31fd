// XEP-0398 wiring: the account feature (§2), PEP → vCard (§3.1, pep-to-vcard.ts), vCard → PEP
// (§3.2, vcard-to-pep.ts over vcard-watch.ts). Each direction tags or skips the other's changes,
// so a conversion never triggers its own reverse. Presence hashes (§4) are avatar.ts.
import type { ModuleContext } from "@parley/server";
import type { AvatarHashes } from "./avatar";
import { type PepChange, PEP_EVENTS } from "./events";
import { PEP_VCARD_CONVERSION } from "./ns";
import { pepToVcard } from "./pep-to-vcard";
import { KeyedQueue } from "./serial";
import type { PepService } from "./service";
import { vcardToPep } from "./vcard-to-pep";
import { watchVcardSets } from "./vcard-watch";

export function registerVcardConversion(
  ctx: ModuleContext,
  service: PepService,
  hashes: AvatarHashes,
): void {
  ctx.addAccountFeature(PEP_VCARD_CONVERSION);
  // One queue for both directions: an account's vCard and avatar nodes change one at a time.
  const queue = new KeyedQueue();
  ctx.on<PepChange>(PEP_EVENTS.changed, pepToVcard(ctx, service, queue));
  watchVcardSets(ctx, async (owner, previousId) => {
    try {
      await queue.run(owner, () => vcardToPep(ctx, service, owner, previousId));
    } finally {
      // Without an avatar node the presence hash comes from the vCard.
      hashes.forget(owner);
    }
  });
}
