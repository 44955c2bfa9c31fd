// The built-in vcard-temp module's storage, read and written here for XEP-0398: key-value store
// VCARD_STORE, owner = the account's bare JID, key VCARD_KEY (both exported by @parley/server),
// value = the <vCard xmlns='vcard-temp'/> element serialized self-contained (parsed back with the
// restricted stream parser). No entry = no vCard; the built-in never stores an empty one.
import { VCARD_KEY, VCARD_STORE } from "@parley/server";
import type { KeyValueStore } from "@parley/storage";
import { type Element, xml } from "@parley/xml";
import { decodePayload, encodePayload } from "./item-codec";
import { VCARD } from "./ns";

export { VCARD_KEY, VCARD_STORE };

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
