// The built-in vcard-temp module's storage (@parley/server modules/basic/vcard.ts), read and
// written here for XEP-0398: key-value store "vcard", owner = the account's bare JID, key
// "vcard", value = the <vCard xmlns='vcard-temp'/> element serialized self-contained (parsed back
// with the restricted stream parser). No entry = no vCard; the built-in never stores an empty one.
// This is a coupling with the server package: keep it in step with that module.
import type { KeyValueStore } from "@parley/storage";
import { type Element, xml } from "@parley/xml";
import { decodePayload, encodePayload } from "./item-codec";
import { VCARD } from "./ns";

export const VCARD_STORE = "vcard";
export const VCARD_KEY = "vcard";

/** The stored vCard; undefined when there is none (or the entry is damaged). */
export async function readVcard(kv: KeyValueStore, owner: string): Promise<Element | undefined> {
  const text = await kv.get(VCARD_STORE, owner, VCARD_KEY);
  if (text === undefined) return undefined;
  const el = decodePayload(text);
  return el.localName === "vCard" && el.ns === VCARD ? el : undefined;
}

/** Stores `vcard`; one without child elements removes the entry (as the built-in does). */
export async function writeVcard(kv: KeyValueStore, owner: string, vcard: Element): Promise<void> {
  await kv.set(
    VCARD_STORE,
    owner,
    VCARD_KEY,
    vcard.elements().length === 0 ? undefined : encodePayload(vcard),
  );
}

export function emptyVcard(): Element {
  return xml("vCard", { xmlns: VCARD });
}
