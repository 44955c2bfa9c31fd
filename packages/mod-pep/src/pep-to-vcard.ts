// XEP-0398 §3.1, PEP → vCard: after each change of the urn:xmpp:avatar:metadata node, the
// account's vcard-temp PHOTO follows the current XEP-0084 avatar, so that XEP-0153 clients (and
// MUC occupants, who cannot see PEP) get it. The data item the <info/> without a URL points to
// becomes TYPE + BINVAL; an empty metadata (avatar disabled, XEP-0084 §4.3), a deleted or purged
// node, or an avatar that cannot be converted removes the PHOTO rather than leave a stale one.
import type { ModuleContext } from "@parley/server";
import { avatarData, currentMetadata, localInfo } from "./avatar-state";
import type { PepChange } from "./events";
import { encodePayload } from "./item-codec";
import { AVATAR_METADATA } from "./ns";
import type { KeyedQueue } from "./serial";
import type { PepService } from "./service";
import { type Avatar, withPhoto } from "./vcard-photo";
import { emptyVcard, readVcard, writeVcard } from "./vcard-store";

/** `source` of the changes the vCard → PEP direction makes; this direction skips them. */
export const VCARD_SOURCE = "xep-0398:vcard";

export function pepToVcard(
  ctx: ModuleContext,
  service: PepService,
  queue: KeyedQueue,
): (change: PepChange) => Promise<undefined> {
  const { log } = ctx;
  const kv = ctx.storage.kv;

  const store = async (owner: string, avatar: Avatar | undefined): Promise<void> => {
    const before = await readVcard(kv, owner);
    if (!before && !avatar) return;
    let after = withPhoto(before ?? emptyVcard(), avatar);
    const size = new TextEncoder().encode(encodePayload(after)).length;
    if (avatar && size > service.config.vcardMaxBytes) {
      log.warn("avatar too large for the vCard; PHOTO removed", { owner, bytes: size });
      after = withPhoto(before ?? emptyVcard(), undefined);
    }
    await writeVcard(kv, owner, after);
  };

  const sync = async (owner: string): Promise<void> => {
    const metadata = await currentMetadata(service, owner);
    const info = metadata && localInfo(metadata);
    if (!info) {
      // Disabled, deleted, purged, or only hosted at a URL (§3.1 wants the one without).
      return store(owner, undefined);
    }
    const found = await avatarData(service, owner, info);
    if (found.kind !== "found") {
      log.warn("avatar not converted to the vCard; PHOTO removed", {
        owner,
        id: info.attr("id"),
        reason: found.kind === "missing" ? "no data item with that id" : found.reason,
      });
      return store(owner, undefined);
    }
    return store(owner, found.avatar);
  };

  return async (change) => {
    if (change.node !== AVATAR_METADATA || change.source === VCARD_SOURCE) return undefined;
    // Awaited: the publisher's iq result follows the vCard update, so a vCard get sent after it
    // sees the new PHOTO.
    try {
      await queue.run(change.owner, () => sync(change.owner));
    } catch (error) {
      log.warn("PEP → vCard conversion failed", { owner: change.owner, error: String(error) });
    }
    return undefined;
  };
}
