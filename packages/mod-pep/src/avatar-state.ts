// The account's current XEP-0084 avatar as its PEP nodes hold it: the newest item of
// urn:xmpp:avatar:metadata (§4.2), and the urn:xmpp:avatar:data item (§4.1) it points to.
import type { Element } from "@parley/xml";
import { decodeBase64, sha1Hex } from "./base64";
import { imageInfo } from "./image-info";
import { decodePayload } from "./item-codec";
import { AVATAR_DATA, AVATAR_METADATA } from "./ns";
import type { PepService } from "./service";
import type { Avatar } from "./vcard-photo";

/**
 * The metadata payload of the newest item: an element (with no <info/> when the avatar is
 * disabled, §4.3), or null when there is no node or no item.
 */
export async function currentMetadata(service: PepService, owner: string): Promise<Element | null> {
  const node = await service.store.node(owner, AVATAR_METADATA);
  if (!node) return null;
  const items = await service.store.items(owner, node);
  const last = items[items.length - 1];
  return last ? decodePayload(last.xml) : null;
}

/** XEP-0398 §3.1: the <info/> that does not point to an external URL. */
export function localInfo(metadata: Element): Element | undefined {
  return metadata.getChildren("info", AVATAR_METADATA).find((i) => i.attr("url") === undefined);
}

export type DataLookup =
  | { kind: "found"; avatar: Avatar }
  | { kind: "missing" }
  | { kind: "invalid"; reason: string };

/** The data item for `info`, checked: base64 bytes whose SHA-1 is the id (XEP-0398 §3.1). */
export async function avatarData(
  service: PepService,
  owner: string,
  info: Element,
): Promise<DataLookup> {
  const id = info.attr("id");
  if (!id) return { kind: "invalid", reason: "info without id" };
  const node = await service.store.node(owner, AVATAR_DATA);
  const item = node && (await service.store.items(owner, node)).find((i) => i.id === id);
  if (!item) return { kind: "missing" };
  const data = decodePayload(item.xml);
  if (data.localName !== "data" || data.ns !== AVATAR_DATA) {
    return { kind: "invalid", reason: "data item without <data/>" };
  }
  const bytes = decodeBase64(data.text());
  if (!bytes || bytes.length === 0) return { kind: "invalid", reason: "data is not base64" };
  const hash = await sha1Hex(bytes);
  if (hash !== id.toLowerCase()) return { kind: "invalid", reason: "SHA-1 does not match the id" };
  const width = Number(info.attr("width"));
  const height = Number(info.attr("height"));
  return {
    kind: "found",
    avatar: {
      id: hash,
      bytes,
      // The type is required (§4.2.1.4); PNG is the format every client must handle (§2.1).
      type: info.attr("type") || imageInfo(bytes).type || "image/png",
      ...(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0
        ? { width, height }
        : {}),
    },
  };
}
