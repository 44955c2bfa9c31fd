// Lines of `parley chat`: what was said (both ways), presence changes and notices, with times.
import type { PresenceView } from "@parley/stanza";
import { clock, indentLines } from "../format/message";

export interface HistoryEntry {
  at: Date;
  who: string;
  text: string;
}

export function chatLine(e: HistoryEntry): string {
  const prefix = `[${clock(e.at)}] ${e.who}: `;
  return prefix + indentLines(e.text, " ".repeat(prefix.length));
}

/** "alice@example.org/phone is away (at lunch)" and the like (RFC 6121 §4.7). */
export function presenceLine(p: PresenceView, at: Date): string {
  const who = p.from ?? "?";
  let state: string;
  if (p.rawType === "unavailable") state = "offline";
  else if (p.rawType === undefined) state = p.show === undefined ? "online" : showWord(p.show);
  else state = p.rawType; // subscribe, subscribed, unsubscribe, unsubscribed, error
  const status = p.status ? ` (${p.status})` : "";
  return `[${clock(at)}] * ${who} is ${state}${status}`;
}

function showWord(show: string): string {
  switch (show) {
    case "away":
      return "away";
    case "chat":
      return "free for chat";
    case "dnd":
      return "busy (do not disturb)";
    case "xa":
      return "away for long (xa)";
    default:
      return show;
  }
}

export const CHAT_HELP =
  "commands: /history (this session's messages), /quit, /help; anything else is sent";
