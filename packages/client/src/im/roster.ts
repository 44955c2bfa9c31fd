import type { Jid } from "@parley/jid";
import { NS, StanzaError } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";
import type { IqCaller } from "../iq/caller";
import type { IqContext } from "../iq/callee";

// RFC 6121 §2 roster management: get (with §2.6 versioning through a cache the application
// provides), set, remove, and roster pushes (§2.1.6) checked for their sender.

export type Subscription = "none" | "to" | "from" | "both" | "remove";

export interface RosterItem {
  jid: string;
  name?: string;
  subscription: Subscription;
  /** §2.1.2.2: "subscribe" while our subscription request is pending. */
  ask?: "subscribe";
  /** §2.1.2.1: pre-approved (RFC 6121 §3.4). */
  approved?: boolean;
  groups: string[];
}

export interface RosterSnapshot {
  ver?: string;
  items: RosterItem[];
}

/** Where a versioned roster is kept between sessions (RFC 6121 §2.6). */
export interface RosterCache {
  load(): RosterSnapshot | undefined | Promise<RosterSnapshot | undefined>;
  save(snapshot: RosterSnapshot): void | Promise<void>;
}

export interface RosterPush {
  item: RosterItem;
  ver?: string;
}

export interface RosterDeps {
  caller: IqCaller;
  jid(): Jid | undefined;
  /** Whether the server offered roster versioning on this stream. */
  versioning(): boolean;
  cache?: RosterCache;
  onPush(push: RosterPush): void;
}

const SUBSCRIPTIONS: ReadonlySet<string> = new Set(["none", "to", "from", "both", "remove"]);

export function parseItem(el: Element): RosterItem {
  const jid = el.attr("jid");
  if (!jid) throw new StanzaError("bad-request", { text: "roster item without jid" });
  const sub = el.attr("subscription") ?? "none";
  const item: RosterItem = {
    jid,
    subscription: SUBSCRIPTIONS.has(sub) ? (sub as Subscription) : "none",
    groups: el.getChildren("group", NS.ROSTER).map((g) => g.text()),
  };
  const name = el.attr("name");
  if (name !== undefined) item.name = name;
  if (el.attr("ask") === "subscribe") item.ask = "subscribe";
  if (el.attr("approved") === "true" || el.attr("approved") === "1") item.approved = true;
  return item;
}

function itemElement(item: { jid: string; name?: string; groups?: string[] }): Element {
  return xml(
    "item",
    item.name === undefined ? { jid: item.jid } : { jid: item.jid, name: item.name },
    (item.groups ?? []).map((g) => xml("group", null, g)),
  );
}

export class Roster {
  private snapshot: RosterSnapshot | undefined;

  constructor(private readonly deps: RosterDeps) {}

  /** §2.1.3 roster get; with versioning, an empty result means "your cached copy is current". */
  async get(): Promise<RosterItem[]> {
    const cached = this.deps.cache ? await this.deps.cache.load() : undefined;
    const useVer = this.deps.versioning() && this.deps.cache !== undefined;
    const query = xml("query", {
      xmlns: NS.ROSTER,
      ...(useVer ? { ver: cached?.ver ?? "" } : {}),
    });
    const result = await this.deps.caller.get(query);
    if (!result && cached) {
      this.snapshot = cached; // §2.6.3: unchanged, pushes (if any) follow
      return [...cached.items];
    }
    const items = result?.getChildren("item", NS.ROSTER).map(parseItem) ?? [];
    const ver = result?.attr("ver");
    this.snapshot = ver === undefined ? { items } : { ver, items };
    await this.deps.cache?.save(this.snapshot);
    return items;
  }

  /** §2.3 add or update an item. */
  async set(item: { jid: string; name?: string; groups?: string[] }): Promise<void> {
    await this.deps.caller.set(xml("query", { xmlns: NS.ROSTER }, itemElement(item)));
  }

  /** §2.5 delete an item (the server also cancels the subscriptions). */
  async remove(jid: string): Promise<void> {
    const item = xml("item", { jid, subscription: "remove" });
    await this.deps.caller.set(xml("query", { xmlns: NS.ROSTER }, item));
  }

  /** The iq handler for pushes (§2.1.6). */
  readonly handlePush = async (ctx: IqContext): Promise<undefined> => {
    // §2.1.6: only our own server (no `from`, or our bare JID) may push; anything else is
    // ignored as a possible spoofing attempt and answered like an unknown request.
    const me = this.deps.jid();
    if (ctx.from !== undefined && !me?.bare().equals(ctx.from)) {
      throw new StanzaError("service-unavailable");
    }
    const items = ctx.payload.getChildren("item", NS.ROSTER);
    if (items.length !== 1) throw new StanzaError("bad-request", { text: "push with one item" });
    const item = parseItem(items[0]!);
    const ver = ctx.payload.attr("ver");
    await this.applyPush(item, ver);
    this.deps.onPush(ver === undefined ? { item } : { item, ver });
    return undefined;
  };

  private async applyPush(item: RosterItem, ver: string | undefined): Promise<void> {
    if (!this.snapshot) return;
    const items = this.snapshot.items.filter((i) => i.jid !== item.jid);
    if (item.subscription !== "remove") items.push(item);
    this.snapshot = ver === undefined ? { items } : { ver, items };
    await this.deps.cache?.save(this.snapshot);
  }
}
