// XEP-0398 (user avatar to vCard-based avatar conversion) / XEP-0153 §4.1: when an account has a
// XEP-0084 avatar, its outgoing available presence carries
// `<x xmlns='vcard-temp:x:update'><photo>sha1</photo></x>` with the hash of the current avatar
// (the `id` of the metadata's first <info/>), and `<photo/>` when the avatar was disabled
// (empty metadata, XEP-0084 §4.3). Accounts without an avatar node are left alone.
import type { ModuleContext, StanzaEvent } from "@parley/server";
import { xml } from "@parley/xml";
import { type PepChange, PEP_EVENTS } from "./events";
import { decodePayload } from "./item-codec";
import { AVATAR_METADATA, VCARD_UPDATE } from "./ns";
import type { PepService } from "./service";

/** Hash of the current avatar: a string, "" for none (disabled), null when there is no node. */
type Photo = string | null;

export function registerAvatarUpdate(ctx: ModuleContext, service: PepService): void {
  const known = new Map<string, Photo>();

  const photoOf = async (owner: string): Promise<Photo> => {
    const cached = known.get(owner);
    if (cached !== undefined) return cached;
    const node = await service.store.node(owner, AVATAR_METADATA);
    let photo: Photo = null;
    if (node) {
      const items = await service.store.items(owner, node);
      const last = items[items.length - 1];
      const info = last ? decodePayload(last.xml).getChild("info", AVATAR_METADATA) : undefined;
      photo = info?.attr("id") ?? "";
    }
    known.set(owner, photo);
    // Bounded: a server with many accounts forgets the oldest entries.
    if (known.size > 10_000) known.delete(known.keys().next().value!);
    return photo;
  };

  ctx.on<PepChange>(PEP_EVENTS.changed, (change) => {
    if (change.node === AVATAR_METADATA) known.delete(change.owner);
    return undefined;
  });

  for (const dest of ["host", "bare", "full"]) {
    ctx.on<StanzaEvent>(
      `pre-presence/${dest}`,
      async (event) => {
        const owner = event.origin?.bareJid?.toString();
        if (!owner || event.type !== "available") return undefined;
        const photo = await photoOf(owner);
        if (photo === null) return undefined;
        const stanza = event.stanza;
        stanza.remove(...stanza.getChildren("x", VCARD_UPDATE));
        stanza.append(xml("x", { xmlns: VCARD_UPDATE }, xml("photo", null, photo || null)));
        return undefined;
      },
      40,
    );
  }
}
