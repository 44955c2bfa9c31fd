// The PHOTO of a vCard (XEP-0054 schema: `<PHOTO><TYPE/><BINVAL/></PHOTO>`, or `<EXTVAL/>` for a URL,
// which XEP-0153 avatars do not use) and the XEP-0084 avatar it stands for.
import { type Element, xml } from "@parley/xml";
import { decodeBase64, encodeBase64, sha1Hex } from "./base64";
import { imageInfo } from "./image-info";
import { VCARD } from "./ns";

export interface Avatar {
  /** Hex SHA-1 of the bytes (XEP-0084 §4.2: the item id; XEP-0153 §4.1: the presence hash). */
  id: string;
  bytes: Uint8Array;
  type: string;
  width?: number;
  height?: number;
}

export type PhotoRead =
  | { kind: "none" }
  | { kind: "external" }
  | { kind: "invalid"; reason: string }
  | { kind: "photo"; avatar: Avatar };

/** The avatar in a vCard's PHOTO/BINVAL: checked base64, a known image type. */
export async function readPhoto(vcard: Element | undefined): Promise<PhotoRead> {
  const photo = vcard?.getChild("PHOTO", VCARD);
  if (!photo) return { kind: "none" };
  const binval = photo.getChild("BINVAL", VCARD);
  if (!binval) {
    return photo.getChild("EXTVAL", VCARD)
      ? { kind: "external" }
      : { kind: "invalid", reason: "PHOTO without BINVAL" };
  }
  const bytes = decodeBase64(binval.text());
  if (!bytes) return { kind: "invalid", reason: "BINVAL is not base64" };
  if (bytes.length === 0) return { kind: "invalid", reason: "empty BINVAL" };
  const sniffed = imageInfo(bytes);
  const declared = photo.getChildText("TYPE", VCARD)?.trim();
  const type = declared || sniffed.type;
  if (!type) return { kind: "invalid", reason: "unknown image type" };
  return {
    kind: "photo",
    avatar: {
      id: await sha1Hex(bytes),
      bytes,
      type,
      ...(sniffed.width === undefined ? {} : { width: sniffed.width, height: sniffed.height }),
    },
  };
}

/** A copy of `vcard` whose PHOTO is `avatar` (or without PHOTO when undefined). */
export function withPhoto(vcard: Element, avatar: Avatar | undefined): Element {
  const out = vcard.clone();
  out.remove(...out.getChildren("PHOTO", VCARD));
  if (avatar) {
    out.append(
      xml(
        "PHOTO",
        null,
        xml("TYPE", null, avatar.type),
        xml("BINVAL", null, encodeBase64(avatar.bytes)),
      ),
    );
  }
  return out;
}
