// Offline messages (XEP-0160): kept while an account has no available resource, delivered with
// XEP-0203 delay stamps when a resource becomes available with a non-negative priority, and
// removed from storage only once delivered (delivery.ts).
import { defineModule, type ModuleContext } from "../../../module-api";
import {
  AVAILABLE_EVENT,
  type AvailableEvent,
  OFFLINE_STORE_EVENT,
  type OfflineStoreEvent,
} from "../events";
import { toStored } from "./codec";
import { InFlight, deliverOffline } from "./delivery";

/** Messages kept per account when neither `modules.offline.limit` nor `limits.offlineLimit` is set. */
export const DEFAULT_OFFLINE_LIMIT = 500;

function limitOf(ctx: ModuleContext): number {
  const limit = ctx.config.limit ?? ctx.settings?.offlineLimit;
  return typeof limit === "number" && Number.isInteger(limit) && limit >= 0
    ? limit
    : DEFAULT_OFFLINE_LIMIT;
}

/**
 * Stores a stanza for `owner`; resolves false when the queue is full. Other modules use this
 * through the `offline/store` event, so they work with any offline implementation.
 */
export async function storeOffline(
  ctx: ModuleContext,
  event: OfflineStoreEvent,
  limit: number,
): Promise<boolean> {
  return ctx.storage.offline.push(
    event.owner,
    { xml: toStored(event.stanza), stamp: new Date() },
    limit,
  );
}

export const offlineModule = defineModule({
  name: "offline",
  setup(ctx) {
    const limit = limitOf(ctx);
    ctx.addFeature("msgoffline"); // XEP-0160 §4 disco feature
    ctx.on<OfflineStoreEvent>(OFFLINE_STORE_EVENT, (event) => storeOffline(ctx, event, limit));
    const inFlight = new InFlight();
    ctx.on<AvailableEvent>(AVAILABLE_EVENT, async ({ session }) => {
      const { tracking } = await deliverOffline(ctx, session, inFlight);
      // In the background: the confirmations come with later input of this very stream.
      tracking.catch((error: unknown) => {
        ctx.log.error("offline delivery tracking failed", { error: String(error) });
      });
      return undefined; // other listeners of im/available run too
    });
  },
});
