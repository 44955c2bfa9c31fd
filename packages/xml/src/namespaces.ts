import { XmlStreamError, echo } from "./errors";

// Namespaces in XML 1.0: prefix bindings in scope for an element. sax can resolve namespaces
// itself, but its `xmlns` mode builds prototype chains per tag and made the whole parse about
// three times slower; this resolves only what an Element needs.

export const XML_NS = "http://www.w3.org/XML/1998/namespace";
export const XMLNS_NS = "http://www.w3.org/2000/xmlns/";

export class NsScope {
  constructor(
    private readonly parent: NsScope | undefined,
    /** Default namespace ("" for none). */
    readonly defaultNs: string,
    private readonly prefixes: Record<string, string> | undefined,
  ) {}

  lookup(prefix: string): string | undefined {
    for (let scope: NsScope | undefined = this; scope; scope = scope.parent) {
      const uri = scope.prefixes?.[prefix];
      if (uri !== undefined) return uri;
    }
    return undefined;
  }

  /**
   * The scope of an element declaring `decls` ([prefix or "" for the default, URI] pairs).
   * Namespaces in XML §3 constraints: `xml` keeps its URI, `xmlns` is never declared, neither URI
   * is bound to another prefix, and a prefix cannot be undeclared (Namespaces 1.0).
   */
  child(decls: [string, string][]): NsScope {
    let defaultNs = this.defaultNs;
    let prefixes: Record<string, string> | undefined;
    for (const [prefix, uri] of decls) {
      const reserved = uri === XML_NS || uri === XMLNS_NS;
      if (prefix === "") {
        if (reserved) throw bad(`xmlns="${uri}"`);
        defaultNs = uri;
        continue;
      }
      if (prefix === "xml" ? uri !== XML_NS : prefix === "xmlns" || reserved || uri === "") {
        throw bad(`xmlns:${prefix}="${uri}"`);
      }
      prefixes ??= Object.create(null) as Record<string, string>;
      prefixes[prefix] = uri;
    }
    return new NsScope(this, defaultNs, prefixes);
  }
}

function bad(declaration: string): XmlStreamError {
  return new XmlStreamError(
    "not-well-formed",
    `namespace declaration ${echo(declaration)} not allowed`,
  );
}

/** Where every document starts: only `xml` is bound. */
export const documentScope = new NsScope(
  undefined,
  "",
  Object.assign(Object.create(null) as Record<string, string>, { xml: XML_NS }),
);

/**
 * Root elements declare the same namespaces on nearly every stream (`jabber:client` and the
 * `stream` prefix): streams share one scope per declaration set instead of each keeping its own
 * copy for its lifetime. Scopes are immutable; the cache is bounded so odd headers cannot grow it.
 */
const rootScopes = new Map<string, NsScope>();
const MAX_ROOT_SCOPES = 32;

export function rootScope(decls: [string, string][]): NsScope {
  let key = "";
  for (const [prefix, uri] of decls) key += `${prefix}\u0000${uri}\u0000`;
  const cached = rootScopes.get(key);
  if (cached !== undefined) return cached;
  const scope = documentScope.child(decls);
  if (rootScopes.size < MAX_ROOT_SCOPES) rootScopes.set(key, scope);
  return scope;
}
