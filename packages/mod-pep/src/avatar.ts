// XEP-0398 §4 (presence broadcast) / XEP-0153 §4.1: the server puts the hash of the account's
// avatar into its available presences, `<x xmlns='vcard-temp:x:update'><photo>sha1</photo></x>`,
// also directed ones such as MUC joins. The hash is the id of the XEP-0084 metadata's <info/>
// (empty `<photo/>` when the avatar is disabled, XEP-0084 §4.3); without an avatar node, the
// SHA-1 of the vCard PHOTO. A client's own empty `<photo/>` is left untouched (§4); an
// `<x/>` without <photo/> or with another hash is replaced. Accounts with neither are left alone.
import type { ModuleContext, StanzaEvent } from "@parley/server";
import type { KeyValueStore } from "@parley/storage";
import { xml } from "@parley/xml";
import { localInfo } from "./avatar-state";
import { type PepChange, PEP_EVENTS } from "./events";
import { decodePayload } from "./item-codec";
import { AVATAR_METADATA, VCARD_UPDATE } from "./ns";
import type { PepService } from "./service";
import { readPhoto } from "./vcard-photo";
import { readVcard } from "./vcard-store";

/** Hash of the current avatar: a string, "" for none (disabled), null when unknown. */
export type Photo = string | null;

const CACHE_SIZE = 10_000;

/** The presence hash of each account, remembered until its avatar or vCard changes. */
export class AvatarHashes {
  private readonly known = new Map<string, Photo>();

  constructor(
    private readonly service: PepService,
    private readonly kv: KeyValueStore,
  ) {}

  async photoOf(owner: string): Promise<Photo> {
    const cached = this.known.get(owner);
    if (cached !== undefined) return cached;
    const photo = await this.lookup(owner);
    this.known.set(owner, photo);
    // Bounded: a server with many accounts forgets the oldest entries.
    if (this.known.size > CACHE_SIZE) this.known.delete(this.known.keys().next().value!);
    return photo;
  }

  forget(owner: string): void {
    this.known.delete(owner);
  }

  private async lookup(owner: string): Promise<Photo> {
    const node = await this.service.store.node(owner, AVATAR_METADATA);
    if (node) {
      const items = await this.service.store.items(owner, node);
      const last = items[items.length - 1];
      const info = last ? localInfo(decodePayload(last.xml)) : undefined;
      return info?.attr("id")?.toLowerCase() ?? "";
    }
    try {
      const photo = await readPhoto(await readVcard(this.kv, owner));
      return photo.kind === "photo" ? photo.avatar.id : null;
    } catch {
      return null; // a damaged stored vCard: say nothing
    }
  }
}

export function registerAvatarUpdate(ctx: ModuleContext, hashes: AvatarHashes): void {
  ctx.on<PepChange>(PEP_EVENTS.changed, (change) => {
    if (change.node === AVATAR_METADATA) hashes.forget(change.owner);
    return undefined;
  });

  for (const dest of ["host", "bare", "full", "component"]) {
    ctx.on<StanzaEvent>(
      `pre-presence/${dest}`,
      async (event) => {
        const owner = event.origin?.bareJid?.toString();
        if (!owner || event.type !== "available") return undefined;
        const stanza = event.stanza;
        const updates = stanza.getChildren("x", VCARD_UPDATE);
        const keep = updates.some((x) => x.getChild("photo", VCARD_UPDATE)?.text() === "");
        if (keep) return undefined;
        const photo = await hashes.photoOf(owner);
        if (photo === null) return undefined;
        stanza.remove(...updates);
        stanza.append(xml("x", { xmlns: VCARD_UPDATE }, xml("photo", null, photo || null)));
        return undefined;
      },
      40,
    );
  }
}
