// XEP-0054 vcard-temp: each account stores one vCard (as XML in the "vcard" key-value store);
// anyone may read it through the owner's bare JID, only the owner may change it.
import { NS, StanzaError } from "@parley/stanza";
import type { Element } from "@parley/xml";
import { defineModule } from "../../module-api";
import type { ModuleContext, StanzaEvent } from "../../module-api";
import { configNumber, isOwnAccount, ownAccount } from "./account";
import { parseStoredElement, serializeDetached } from "./stored-xml";

export const VCARD_STORE = "vcard";
/** Key of an account's vCard in VCARD_STORE (owner = the bare JID). */
export const VCARD_KEY = "vcard";
const KEY = VCARD_KEY;
/** Default largest vCard accepted (bytes of serialized XML): room for a small avatar photo. */
export const DEFAULT_VCARD_MAX_BYTES = 64 * 1024;

async function getVcard(ctx: ModuleContext, event: StanzaEvent): Promise<Element> {
  const owner = event.to.bare().toString();
  if (isOwnAccount(event)) {
    const stored = await ctx.storage.kv.get(VCARD_STORE, owner, KEY);
    // §3.1: no vCard of one's own → item-not-found (or an empty <vCard/>).
    if (stored === undefined) throw new StanzaError("item-not-found");
    return parseStoredElement(stored);
  }
  // §3.3: another user's vCard, answered by the server on their behalf; a missing vCard or
  // account → service-unavailable (which also does not reveal whether the account exists).
  const exists = await ctx.storage.accounts.exists(owner);
  const stored = exists ? await ctx.storage.kv.get(VCARD_STORE, owner, KEY) : undefined;
  if (stored === undefined) throw new StanzaError("service-unavailable");
  return parseStoredElement(stored);
}

export const vcardModule = defineModule({
  name: "vcard",
  setup(ctx) {
    const maxBytes = configNumber(ctx.config, "maxBytes", DEFAULT_VCARD_MAX_BYTES);
    ctx.addFeature(NS.VCARD);
    ctx.handleIq("get", NS.VCARD, "vCard", (event) => getVcard(ctx, event), {
      destination: "bare",
    });
    ctx.handleIq(
      "set",
      NS.VCARD,
      "vCard",
      async (event) => {
        // §3.2: only one's own vCard; another's → forbidden.
        const owner = ownAccount(event);
        const vcard = event.stanza.getChild("vCard", NS.VCARD)!;
        if (vcard.elements().length === 0) {
          // An empty <vCard/> leaves nothing to publish: the stored vCard is removed.
          await ctx.storage.kv.set(VCARD_STORE, owner, KEY, undefined);
          return null;
        }
        const text = serializeDetached(vcard);
        if (new TextEncoder().encode(text).length > maxBytes) {
          throw new StanzaError("not-acceptable", { text: `vCard larger than ${maxBytes} bytes` });
        }
        await ctx.storage.kv.set(VCARD_STORE, owner, KEY, text);
        return null;
      },
      { destination: "bare" },
    );
    // A vCard get sent to the server itself (no vCard of its own): XEP-0054 §3.3 note.
    ctx.handleIq("get", NS.VCARD, "vCard", () => {
      throw new StanzaError("item-not-found");
    });
  },
});
