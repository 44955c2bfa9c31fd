// XEP-0163 Personal Eventing Protocol on XEP-0060: the module definition and its wiring.
import { defineModule } from "@parley/server";
import { AvatarHashes, registerAvatarUpdate } from "./avatar";
import { CapsCache } from "./caps";
import { readPepConfig } from "./config";
import { registerVcardConversion } from "./conversion";
import { registerDisco } from "./disco";
import {
  type AccountFeatureEvent,
  type DeleteNodeEvent,
  type ItemsEvent,
  PEP_EVENTS,
  type PepItem,
  type PublishEvent,
  type RetractEvent,
  toFormValues,
} from "./events";
import { trackInterest } from "./interest";
import { registerOwnerIq } from "./iq-owner";
import { registerUserIq } from "./iq-user";
import { decodePayload } from "./item-codec";
import { deliverOnPresence } from "./last-item";
import { PUBSUB_FEATURES } from "./ns";
import { PepService } from "./service";

export const pepModule = defineModule({
  name: "pep",
  setup(ctx) {
    const config = readPepConfig(ctx.config);
    const service = new PepService(ctx, config);
    const caps = new CapsCache(
      (iq, o) => ctx.request(iq, o),
      config.capsCacheSize,
      config.capsTimeoutMs,
    );
    const accountFeatures = new Set<string>();

    registerUserIq(ctx, service);
    registerOwnerIq(ctx, service);
    registerDisco(ctx, service, accountFeatures);
    // XEP-0163 §4: the account is a PEP service; the server's disco module lists these.
    ctx.addAccountIdentity({ category: "pubsub", type: "pep" });
    for (const feature of PUBSUB_FEATURES) ctx.addAccountFeature(feature);
    const hashes = new AvatarHashes(service, ctx.storage.kv);
    registerAvatarUpdate(ctx, hashes);
    if (config.vcardConversion) registerVcardConversion(ctx, service, hashes);
    trackInterest(ctx, caps, (session) => deliverOnPresence(ctx, service, session));

    // The programmatic API (events.ts). The owner acts on its own service.
    ctx.on<PublishEvent>(PEP_EVENTS.publish, (e) =>
      service.publish({
        owner: e.owner,
        publisher: e.owner,
        node: e.node,
        id: e.id,
        payload: e.payload,
        options: e.options ? toFormValues(e.options) : undefined,
        source: e.source,
      }),
    );
    ctx.on<RetractEvent>(PEP_EVENTS.retract, async (e) => {
      await service.retract(e.owner, e.owner, e.node, e.id, e.notify, e.source);
      return true;
    });
    ctx.on<ItemsEvent>(PEP_EVENTS.items, async (e) => {
      const node = await service.store.node(e.owner, e.node);
      if (!node) return { items: null };
      const items: PepItem[] = (await service.store.items(e.owner, node)).map((i) => ({
        id: i.id,
        payload: decodePayload(i.xml),
        publisher: i.publisher,
        stamp: new Date(i.stamp),
      }));
      return { items };
    });
    ctx.on<DeleteNodeEvent>(PEP_EVENTS.deleteNode, async (e) => {
      if (!(await service.store.node(e.owner, e.node))) return false;
      await service.deleteNode(e.owner, e.owner, e.node, e.source);
      return true;
    });
    ctx.on<AccountFeatureEvent>(PEP_EVENTS.accountFeature, (e) => {
      accountFeatures.add(e.feature);
      ctx.addAccountFeature(e.feature);
      return true;
    });
  },
});
