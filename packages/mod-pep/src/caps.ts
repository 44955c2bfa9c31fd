// XEP-0115 entity capabilities of contacts' clients: the `<c/>` of their presence names a
// verification string; the features behind it come from one disco#info query per string
// (§6.3), verified (§5.4) and cached in a bounded map (§8.4: ver strings are shared by every
// client of the same build, so the cache stays small).
import { type Element, xml } from "@parley/xml";
import { capsHash, capsInputOf, capsVerifies } from "@parley/stanza";
import { CAPS, DISCO_INFO } from "./ns";

export interface CapsRef {
  node: string;
  ver: string;
  hash: string | undefined;
}

/** The caps element of a presence stanza, if any. */
export function readCaps(presence: Element): CapsRef | undefined {
  const c = presence.getChild("c", CAPS);
  const node = c?.attr("node");
  const ver = c?.attr("ver");
  if (!c || !node || !ver) return undefined;
  return { node, ver, hash: c.attr("hash") };
}

/** §5.1 string S of a disco#info result (the one implementation in @parley/stanza). */
export function capsString(query: Element): string {
  return capsInputOf(query);
}

/** §5.1 steps 7–8 with SHA-1 (WebCrypto), base64. */
export const sha1Base64 = capsHash;

/** Asks an entity for its disco#info; `request` is ModuleContext.request. */
export type DiscoRequest = (iq: Element, options?: { timeoutMs?: number }) => Promise<Element>;

export class CapsCache {
  private readonly known = new Map<string, ReadonlySet<string>>();
  private readonly pending = new Map<string, Promise<ReadonlySet<string> | undefined>>();

  constructor(
    private readonly request: DiscoRequest,
    private readonly size: number,
    private readonly timeoutMs: number,
  ) {}

  /** Features of a cached ver, without asking anyone. */
  peek(caps: CapsRef): ReadonlySet<string> | undefined {
    return this.known.get(`${caps.node}#${caps.ver}`);
  }

  /**
   * The features behind `caps`, asking `jid` (the full JID that advertised them) from `from` when the ver is
   * not known yet. Undefined when the entity does not answer usefully.
   */
  async features(
    caps: CapsRef,
    jid: string,
    from: string,
  ): Promise<ReadonlySet<string> | undefined> {
    const key = `${caps.node}#${caps.ver}`;
    const hit = this.known.get(key);
    if (hit) {
      // Refresh its place (least recently used goes first).
      this.known.delete(key);
      this.known.set(key, hit);
      return hit;
    }
    let waiting = this.pending.get(key);
    if (!waiting) {
      waiting = this.ask(caps, key, jid, from).finally(() => this.pending.delete(key));
      this.pending.set(key, waiting);
    }
    return waiting;
  }

  private async ask(
    caps: CapsRef,
    key: string,
    jid: string,
    from: string,
  ): Promise<ReadonlySet<string> | undefined> {
    let reply: Element;
    try {
      reply = await this.request(
        xml("iq", { type: "get", to: jid, from }, xml("query", { xmlns: DISCO_INFO, node: key })),
        { timeoutMs: this.timeoutMs },
      );
    } catch {
      return undefined;
    }
    const query = reply.getChild("query", DISCO_INFO);
    if (!query) return undefined;
    const features = new Set(
      query.getChildren("feature", DISCO_INFO).map((f) => f.attr("var") ?? ""),
    );
    // §5.4: only a verified answer may stand for every client advertising this ver; an
    // unverified (or legacy, hash-less) one still serves this client, just is not cached. The
    // check (WebCrypto, asynchronous) does not hold up this client's answer.
    if (caps.hash === "sha-1") void this.cacheIfVerified(key, caps.ver, query, features);
    return features;
  }

  private async cacheIfVerified(
    key: string,
    ver: string,
    query: Element,
    features: ReadonlySet<string>,
  ) {
    try {
      // §5.4: duplicates or a visible FORM_TYPE make an answer unacceptable, whatever its hash.
      if (!(await capsVerifies(query, ver))) return;
    } catch {
      return;
    }
    this.known.set(key, features);
    while (this.known.size > this.size) this.known.delete(this.known.keys().next().value!);
  }
}

/** Node names a client wants notifications for (XEP-0163 §4.3.1 `<node>+notify`). */
export function notifyNodes(features: ReadonlySet<string>): Set<string> {
  const nodes = new Set<string>();
  for (const f of features) if (f.endsWith("+notify")) nodes.add(f.slice(0, -7));
  return nodes;
}
