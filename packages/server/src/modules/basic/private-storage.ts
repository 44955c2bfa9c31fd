// XEP-0049 Private XML Storage: an account stores arbitrary XML fragments, each keyed by the
// root element's name and namespace, readable and writable only by the account itself.
import { NS, StanzaError } from "@parley/stanza";
import { type Element, echo, xml } from "@parley/xml";
import { defineModule } from "../../module-api";
import { configNumber, ownAccount } from "./account";
import { parseStoredElement, serializeDetached } from "./stored-xml";

export const PRIVATE_STORE = "private";
export const DEFAULT_PRIVATE_MAX_BYTES = 64 * 1024;

/** Key of a fragment: local name and namespace (XML names cannot contain a space). */
export function privateKey(el: Element): string {
  return privateStorageKey(el.localName, el.ns);
}

/** The same key from a local name and a namespace (e.g. "storage", "storage:bookmarks"). */
export function privateStorageKey(localName: string, ns: string): string {
  return `${localName} ${ns}`;
}

/**
 * §2 "Elements": reserved namespaces (`jabber:*`, `http://jabber.org/*`, `vcard-temp`) may be
 * refused with not-acceptable; a child without a namespace of its own would be in
 * jabber:iq:private itself, which is reserved too.
 */
export function isReservedNamespace(ns: string): boolean {
  return (
    ns === "" || ns.startsWith("jabber:") || ns.startsWith("http://jabber.org/") || ns === NS.VCARD
  );
}

function fragments(query: Element): Element[] {
  const children = query.elements();
  // §2: at least one child with a proper namespace, else not-acceptable.
  if (children.length === 0) {
    throw new StanzaError("not-acceptable", { text: "the query must hold a namespaced element" });
  }
  for (const child of children) {
    if (isReservedNamespace(child.ns)) {
      throw new StanzaError("not-acceptable", { text: `reserved namespace "${echo(child.ns)}"` });
    }
  }
  return children;
}

export const privateStorageModule = defineModule({
  name: "private",
  setup(ctx) {
    const maxBytes = configNumber(ctx.config, "maxBytes", DEFAULT_PRIVATE_MAX_BYTES);
    const kv = ctx.storage.kv;
    ctx.addFeature(NS.PRIVATE);

    ctx.handleIq(
      "get",
      NS.PRIVATE,
      "query",
      async (event) => {
        // §2: another user's data → forbidden (checked before anything is read).
        const owner = ownAccount(event);
        const children = fragments(event.stanza.getChild("query", NS.PRIVATE)!);
        // §2: a client MUST NOT ask for more than one namespace in one get.
        if (children.length !== 1) {
          throw new StanzaError("not-acceptable", { text: "one element per get" });
        }
        const wanted = children[0]!;
        const stored = await kv.get(PRIVATE_STORE, owner, privateKey(wanted));
        // Nothing stored: the empty element comes back, as Example 2 shape implies.
        const data =
          stored === undefined
            ? xml(wanted.localName, { xmlns: wanted.ns })
            : parseStoredElement(stored);
        return xml("query", { xmlns: NS.PRIVATE }, data);
      },
      { destination: "bare" },
    );

    ctx.handleIq(
      "set",
      NS.PRIVATE,
      "query",
      async (event) => {
        const owner = ownAccount(event);
        const children = fragments(event.stanza.getChild("query", NS.PRIVATE)!);
        const writes: [string, string | undefined][] = [];
        for (const child of children) {
          const text = serializeDetached(child);
          if (new TextEncoder().encode(text).length > maxBytes) {
            throw new StanzaError("not-acceptable", { text: `larger than ${maxBytes} bytes` });
          }
          // An empty element clears the fragment (nothing left to store).
          const empty =
            child.children.length === 0 && Object.keys(child.attrs).every((a) => a === "xmlns");
          writes.push([privateKey(child), empty ? undefined : text]);
        }
        // Validate everything first so that a refused set changes nothing.
        for (const [key, value] of writes) await kv.set(PRIVATE_STORE, owner, key, value);
        return null;
      },
      { destination: "bare" },
    );
  },
});
