// One room's state (XEP-0045 §4): configuration, affiliations, occupants, subject, archive.
import type { Jid } from "@parley/jid";
import type { Element } from "@parley/xml";
import { occupantId } from "./occupant-id";
import type { Affiliation, Role } from "./roles";
import type { RoomConfig } from "./room-config";

export interface Occupant {
  nick: string;
  /** Real full JID (one session per occupant). */
  jid: Jid;
  /** Real bare JID, prepared. */
  bare: string;
  role: Role;
  /** The occupant's own presence, without MUC extensions (rebroadcast on changes). */
  presence: Element;
}

export interface ArchivedGroupchat {
  /** XEP-0359 stanza-id and MAM archive id. */
  id: string;
  /** Storage key (zero-padded sequence), so that kv entries sort in arrival order. */
  key: string;
  stamp: Date;
  /** The message as broadcast, without `to`. */
  message: Element;
}

export interface Subject {
  text: string;
  /** Nick of who set it ("" when the room set it). */
  nick: string;
}

export class Room {
  readonly occupants = new Map<string, Occupant>();
  readonly affiliations = new Map<string, Affiliation>();
  archive: ArchivedGroupchat[] = [];
  subject: Subject | undefined;
  /** §10.1.1: a new room is locked until its owner configures it. */
  locked = false;
  /** Next archive sequence number. */
  seq = 0;

  constructor(
    readonly name: string,
    readonly jid: string,
    public config: RoomConfig,
    readonly salt: string,
  ) {}

  affiliationOf(bare: string): Affiliation {
    return this.affiliations.get(bare) ?? "none";
  }

  setAffiliation(bare: string, affiliation: Affiliation): void {
    if (affiliation === "none") this.affiliations.delete(bare);
    else this.affiliations.set(bare, affiliation);
  }

  /** The occupant whose real full JID this is. */
  occupantByJid(full: Jid | string): Occupant | undefined {
    const key = full.toString();
    for (const o of this.occupants.values()) if (o.jid.toString() === key) return o;
    return undefined;
  }

  /** Occupants of a real bare JID. */
  occupantsOf(bare: string): Occupant[] {
    return [...this.occupants.values()].filter((o) => o.bare === bare);
  }

  occupantId(bare: string): string {
    return occupantId(this.salt, bare);
  }

  nickJid(nick: string): string {
    return `${this.jid}/${nick}`;
  }

  get nonAnonymous(): boolean {
    return this.config.whois === "anyone";
  }

  owners(): string[] {
    return [...this.affiliations].filter(([, a]) => a === "owner").map(([j]) => j);
  }
}
