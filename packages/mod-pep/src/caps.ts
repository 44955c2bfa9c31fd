// XEP-0115 entity capabilities of contacts' clients: the `<c/>` of their presence names a
// verification string; the features behind it come from one disco#info query per string
// (§6.3), verified (§5.4) and cached in a bounded map (§8.4: ver strings are shared by every
// client of the same build, so the cache stays small).
import { type Element, xml } from "@parley/xml";
import { CAPS, DATA_FORMS, DISCO_INFO } from "./ns";

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

function octets(a: string, b: string): number {
  const ea = new TextEncoder().encode(a);
  const eb = new TextEncoder().encode(b);
  for (let i = 0; i < Math.min(ea.length, eb.length); i++)
    if (ea[i] !== eb[i]) return ea[i]! - eb[i]!;
  return ea.length - eb.length;
}

/** §5.1 string S of a disco#info result. */
export function capsString(query: Element): string {
  const ids = query
    .getChildren("identity", DISCO_INFO)
    .map(
      (i) =>
        `${i.attr("category") ?? ""}/${i.attr("type") ?? ""}/${i.attr("xml:lang") ?? ""}/${i.attr("name") ?? ""}`,
    )
    .sort(octets);
  const features = query
    .getChildren("feature", DISCO_INFO)
    .map((f) => f.attr("var") ?? "")
    .sort(octets);
  let s = [...ids, ...features].map((x) => `${x}<`).join("");
  const forms = query.getChildren("x", DATA_FORMS).map((form) => {
    const fields = form.getChildren("field", DATA_FORMS);
    const type =
      fields.find((f) => f.attr("var") === "FORM_TYPE")?.getChildText("value", DATA_FORMS) ?? "";
    const rest = fields
      .filter((f) => f.attr("var") !== "FORM_TYPE")
      .map((f) => ({
        var: f.attr("var") ?? "",
        values: f
          .getChildren("value", DATA_FORMS)
          .map((v) => v.text())
          .sort(octets),
      }))
      .sort((a, b) => octets(a.var, b.var));
    return { type, rest };
  });
  for (const form of forms.sort((a, b) => octets(a.type, b.type))) {
    s += `${form.type}<`;
    for (const f of form.rest) s += `${f.var}<${f.values.map((v) => `${v}<`).join("")}`;
  }
  return s;
}

/** §5.1 steps 7–8 with SHA-1 (WebCrypto), base64. */
export async function sha1Base64(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-1", new TextEncoder().encode(text));
  let binary = "";
  for (const byte of new Uint8Array(digest)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

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
      if ((await sha1Base64(capsString(query))) !== ver) return;
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
