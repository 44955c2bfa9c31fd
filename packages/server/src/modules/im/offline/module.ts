// Offline messages (XEP-0160): kept while an account has no available resource, delivered with
// XEP-0203 delay stamps when a resource becomes available with a non-negative priority.
import { defineModule, type ModuleContext } from "../../../module-api";
import {
  AVAILABLE_EVENT,
  type AvailableEvent,
  OFFLINE_STORE_EVENT,
  type OfflineStoreEvent,
} from "../events";
import { parseStored, toStored, withDelay } from "./codec";

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

async function deliverOffline(ctx: ModuleContext, event: AvailableEvent): Promise<void> {
  const { session } = event;
  const owner = session.bareJid?.toString();
  if (!owner) return;
  const queue = await ctx.storage.offline.takeAll(owner);
  for (const stored of queue) {
    if (session.closed) {
      // Gone while we were delivering: keep the rest for the next login (no limit: it was stored).
      await ctx.storage.offline.push(owner, stored);
      continue;
    }
    const stanza = parseStored(stored.xml);
    if (!stanza) {
      ctx.log.warn("dropping an unreadable offline message", { owner });
      continue;
    }
    session.send(withDelay(stanza, session.host, stored.stamp));
  }
}

export const offlineModule = defineModule({
  name: "offline",
  setup(ctx) {
    const limit = limitOf(ctx);
    ctx.addFeature("msgoffline"); // XEP-0160 §4 disco feature
    ctx.on<OfflineStoreEvent>(OFFLINE_STORE_EVENT, (event) => storeOffline(ctx, event, limit));
    ctx.on<AvailableEvent>(AVAILABLE_EVENT, async (event) => {
      await deliverOffline(ctx, event);
      return undefined; // other listeners of im/available run too
    });
  },
});
