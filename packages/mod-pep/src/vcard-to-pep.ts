// XEP-0398 §3.2, vCard → PEP: after a client stored a vCard with a valid PHOTO through
// vcard-temp (XEP-0054 §3.2), the server publishes the image on the account's behalf: first the
// urn:xmpp:avatar:data item (id = hex SHA-1 of the bytes, XEP-0084 §4.1), then one <info/> in a
// urn:xmpp:avatar:metadata item (§4.2; type from the vCard, width/height only when the image
// header tells them), with the usual notifications (§3.2: SHOULD notify). New nodes get
// access model `presence`, the default of XEP-0163 §4 that XEP-0084 relies on (XEP-0398 §6);
// existing nodes keep their owner's configuration. Removing the PHOTO that was the current avatar disables
// the avatar (empty metadata, XEP-0084 §4.3). The changes carry VCARD_SOURCE, which the
// PEP → vCard direction ignores, so a conversion never comes back.
import type { ModuleContext } from "@parley/server";
import { StanzaError } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";
import { currentMetadata, localInfo } from "./avatar-state";
import { encodeBase64 } from "./base64";
import { toFormValues } from "./events";
import { AVATAR_DATA, AVATAR_METADATA } from "./ns";
import { VCARD_SOURCE } from "./pep-to-vcard";
import type { PepService } from "./service";
import { type Avatar, readPhoto } from "./vcard-photo";
import { readVcard } from "./vcard-store";

/**
 * Brings the PEP avatar in line with the stored vCard. `previousId` is the hash of the PHOTO the
 * vCard had before the client's change (undefined when it had none).
 */
export async function vcardToPep(
  ctx: ModuleContext,
  service: PepService,
  owner: string,
  previousId: string | undefined,
): Promise<void> {
  const photo = await readPhoto(await readVcard(ctx.storage.kv, owner));
  const metadata = await currentMetadata(service, owner);
  const currentId = metadata ? localInfo(metadata)?.attr("id")?.toLowerCase() : undefined;
  switch (photo.kind) {
    case "photo":
      if (photo.avatar.id === currentId) return; // already the avatar (or came from PEP)
      return publishAvatar(ctx, service, owner, photo.avatar);
    case "none":
      // The vCard lost the PHOTO that was the avatar: the user removed it.
      if (previousId !== undefined && previousId === currentId) {
        await publish(
          ctx,
          service,
          owner,
          AVATAR_METADATA,
          undefined,
          xml("metadata", { xmlns: AVATAR_METADATA }),
        );
      }
      return;
    case "external":
      ctx.log.debug("vCard PHOTO is a URL; not published to PEP", { owner });
      return;
    case "invalid":
      ctx.log.warn("vCard PHOTO not published to PEP", { owner, reason: photo.reason });
  }
}

async function publishAvatar(
  ctx: ModuleContext,
  service: PepService,
  owner: string,
  avatar: Avatar,
): Promise<void> {
  const data = xml("data", { xmlns: AVATAR_DATA }, encodeBase64(avatar.bytes));
  if (!(await publish(ctx, service, owner, AVATAR_DATA, avatar.id, data))) return;
  const info = xml("info", {
    id: avatar.id,
    bytes: String(avatar.bytes.length),
    type: avatar.type,
    ...(avatar.width === undefined
      ? {}
      : { width: String(avatar.width), height: String(avatar.height) }),
  });
  await publish(
    ctx,
    service,
    owner,
    AVATAR_METADATA,
    avatar.id,
    xml("metadata", { xmlns: AVATAR_METADATA }, info),
  );
}

/** Publishes as the owner; a refusal (too big, a precondition) is logged, not thrown. */
async function publish(
  ctx: ModuleContext,
  service: PepService,
  owner: string,
  node: string,
  id: string | undefined,
  payload: Element,
): Promise<boolean> {
  const exists = (await service.store.node(owner, node)) !== undefined;
  try {
    await service.publish({
      owner,
      publisher: owner,
      node,
      id,
      payload,
      options: exists ? undefined : toFormValues({ "pubsub#access_model": "presence" }),
      source: VCARD_SOURCE,
    });
    return true;
  } catch (error) {
    if (!(error instanceof StanzaError)) throw error;
    ctx.log.warn("vCard PHOTO not published to PEP", {
      owner,
      node,
      reason: error.application?.localName ?? error.condition,
    });
    return false;
  }
}
