// GS2 header (RFC 5802 §7, RFC 5801): gs2-cbind-flag "," [ "a=" saslname ] ",".
import { SaslError } from "../errors.js";
import type { ChannelBindingType } from "../types.js";
import { decodeSaslname, encodeSaslname } from "./saslname.js";

/** n: no channel binding; y: client supports it but thinks the server does not; p: in use. */
export type CbindFlag = { flag: "n" } | { flag: "y" } | { flag: "p"; type: string };

export interface Gs2Header {
  cbind: CbindFlag;
  authzid: string | null;
  /** The header exactly as sent: it is part of the channel-binding input. */
  raw: string;
}

export function buildGs2Header(cbind: CbindFlag, authzid: string | null | undefined): string {
  const flag = cbind.flag === "p" ? `p=${cbind.type}` : cbind.flag;
  return `${flag},${authzid ? `a=${encodeSaslname(authzid)}` : ""},`;
}

/** Parse the header at the start of client-first-message; returns it and the bare message. */
export function parseGs2Header(message: string): { header: Gs2Header; bare: string } {
  const malformed = (text: string) => new SaslError("malformed-request", text);
  const first = message.indexOf(",");
  const second = first < 0 ? -1 : message.indexOf(",", first + 1);
  if (second < 0) throw malformed("missing GS2 header");
  const flagText = message.slice(0, first);
  const authzText = message.slice(first + 1, second);
  let cbind: CbindFlag;
  if (flagText === "n" || flagText === "y") cbind = { flag: flagText };
  else if (/^p=[A-Za-z0-9.-]+$/.test(flagText)) cbind = { flag: "p", type: flagText.slice(2) };
  else throw malformed("bad channel-binding flag");
  let authzid: string | null = null;
  if (authzText !== "") {
    if (!authzText.startsWith("a=")) throw malformed("bad GS2 authzid");
    authzid = decodeSaslname(authzText.slice(2));
  }
  return {
    header: { cbind, authzid, raw: message.slice(0, second + 1) },
    bare: message.slice(second + 1),
  };
}

export function isSupportedBindingType(type: string): type is ChannelBindingType {
  return type === "tls-exporter" || type === "tls-server-end-point" || type === "tls-unique";
}
