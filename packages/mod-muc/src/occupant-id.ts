// XEP-0421 occupant-id: the same value for one real bare JID in one room, across visits and
// nicknames, that reveals nothing about the JID: an HMAC of it keyed with the room's own salt.
import { createHmac, randomBytes } from "node:crypto";

export function newSalt(): string {
  return randomBytes(18).toString("base64url");
}

export function occupantId(salt: string, bareJid: string): string {
  return createHmac("sha256", salt).update(bareJid).digest("base64url");
}
