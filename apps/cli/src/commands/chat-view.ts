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

/** "alice@example.org/phone is away (at lunch)" and the like (RFC 6121 §4.7, §3). */
export function presenceLine(p: PresenceView, at: Date): string {
  const who = p.from ?? "?";
  const status = p.status ? ` (${p.status})` : "";
  const type = p.rawType;
  let what: string;
  if (type === "unavailable") what = "is offline";
  else if (type === undefined) what = `is ${p.show === undefined ? "online" : showWord(p.show)}`;
  else if (type === "error") what = `sent a presence error: ${p.error?.condition ?? "?"}`;
  else what = subscriptionWords(type, who);
  return `[${clock(at)}] * ${who} ${what}${status}`;
}

/** RFC 6121 §3: what a subscription-related presence from `who` means for us. */
function subscriptionWords(type: string, who: string): string {
  const bare = who.split("/")[0];
  switch (type) {
    case "subscribe":
      return `asks to see your presence (parley roster approve ${bare}, or deny ${bare})`;
    case "subscribed":
      return "approved your request: you see their presence";
    case "unsubscribe":
      return "no longer wants to see your presence";
    case "unsubscribed":
      return "denied or cancelled your subscription to their presence";
    default:
      return `sent presence of type ${type}`;
  }
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
