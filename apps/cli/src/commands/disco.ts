// `parley disco [JID] [--items] [--node N]`: XEP-0030 disco#info (§3) or disco#items (§4).
import type { Jid } from "@parley/jid";
import { NS, StanzaError, iq } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";
import { RecipientError } from "../errors";
import type { CliIo } from "../io";
import type { Session } from "../session";

export interface DiscoOptions {
  items: boolean;
  node?: string;
  json: boolean;
}

interface Identity {
  category: string;
  type: string;
  name?: string;
  lang?: string;
}
interface Item {
  jid: string;
  node?: string;
  name?: string;
}

function present<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function parseInfo(query: Element): { identities: Identity[]; features: string[] } {
  const identities = query.getChildren("identity", NS.DISCO_INFO).map((i) =>
    present({
      category: i.attr("category") ?? "",
      type: i.attr("type") ?? "",
      name: i.attr("name"),
      lang: i.attr("xml:lang"),
    }),
  );
  const features = query.getChildren("feature", NS.DISCO_INFO).map((f) => f.attr("var") ?? "");
  return { identities, features };
}

export function parseItems(query: Element): Item[] {
  return query
    .getChildren("item", NS.DISCO_ITEMS)
    .map((i) => present({ jid: i.attr("jid") ?? "", node: i.attr("node"), name: i.attr("name") }));
}

export async function disco(
  s: Session,
  target: Jid | undefined,
  o: DiscoOptions,
  io: CliIo,
): Promise<void> {
  const to = (target ?? s.client.jid?.domain ?? "").toString();
  const ns = o.items ? NS.DISCO_ITEMS : NS.DISCO_INFO;
  const attrs: Record<string, string> = { xmlns: ns };
  if (o.node !== undefined) attrs.node = o.node;
  let result: Element;
  try {
    result = await s.client.iq.request(iq({ type: "get", to }, xml("query", attrs)));
  } catch (error) {
    if (error instanceof StanzaError) throw new RecipientError(to, error);
    throw error;
  }
  const query = result.getChild("query", ns) ?? xml("query", { xmlns: ns });
  if (o.items) {
    const items = parseItems(query);
    if (o.json) return io.out(JSON.stringify({ jid: to, node: o.node, items }));
    for (const i of items)
      io.out(`item: ${i.jid}${i.node ? ` node=${i.node}` : ""}${i.name ? ` "${i.name}"` : ""}`);
    if (items.length === 0) io.err(`(${to} lists no items)`);
    return;
  }
  const info = parseInfo(query);
  if (o.json) return io.out(JSON.stringify({ jid: to, node: o.node, ...info }));
  for (const i of info.identities)
    io.out(`identity: ${i.category}/${i.type}${i.name ? ` "${i.name}"` : ""}`);
  for (const f of info.features) io.out(`feature: ${f}`);
}
