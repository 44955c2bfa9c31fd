// Stream header checks and the server's answering header (RFC 6120 §4.7, §4.8; RFC 7395 §3.4).
import { Jid } from "@parley/jid";
import { NS, StreamError } from "@parley/stanza";
import { echo, escapeAttribute } from "@parley/xml";

/** Validates the client's header; returns the local domain the stream is for. */
export function checkHeader(
  attrs: Readonly<Record<string, string>>,
  framed: boolean,
  domains: readonly string[],
): string {
  // §4.8.2: the content namespace of a client stream is jabber:client (not on WebSocket, where
  // <open/> carries the framing namespace only).
  if (!framed && attrs.xmlns !== NS.CLIENT) {
    throw new StreamError("invalid-namespace", {
      text: `the default namespace must be ${NS.CLIENT}`,
      lang: "en",
    });
  }
  checkVersion(attrs.version);
  return servedDomain(attrs.to, domains);
}

/** §4.7.5: we speak 1.0; no version means a pre-RFC 0.9 stream, which we do not support. */
function checkVersion(version: string | undefined): void {
  const m = version === undefined ? null : /^(\d+)\.(\d+)$/.exec(version);
  if (!m || Number(m[1]) !== 1) {
    throw new StreamError("unsupported-version", {
      text: `version ${version === undefined ? "(none)" : echo(version)} is not supported; use 1.0`,
      lang: "en",
    });
  }
}

/** §4.7.2 `to`: one of our domains, else host-unknown (§4.9.3.6). Absent: the first domain. */
function servedDomain(to: string | undefined, domains: readonly string[]): string {
  if (to === undefined) return domains[0]!;
  let domain: string | undefined;
  try {
    const j = Jid.parse(to);
    if (j.isDomain) domain = j.domain;
  } catch {
    domain = undefined;
  }
  if (domain === undefined || !domains.includes(domain)) {
    throw new StreamError("host-unknown", {
      text: `this server does not serve ${echo(to)}`,
      lang: "en",
    });
  }
  return domain;
}

export interface HeaderFields {
  id: string;
  from: string;
  /** The client's `from`, echoed as `to` (§4.7.2). */
  to?: string;
}

/** The response header: `<stream:stream …>` on TCP, `<open/>` on WebSocket. */
export function responseHeader(fields: HeaderFields, framed: boolean): string {
  const to = fields.to === undefined ? "" : ` to="${escapeAttribute(fields.to)}"`;
  const common = `id="${fields.id}" from="${escapeAttribute(fields.from)}"${to} version="1.0" xml:lang="en"`;
  if (framed) return `<open xmlns="${NS.FRAMING}" ${common}/>`;
  return `<?xml version='1.0'?><stream:stream xmlns="${NS.CLIENT}" xmlns:stream="${NS.STREAM}" ${common}>`;
}

/** The closing tag: `</stream:stream>` or RFC 7395 §3.6 `<close/>`. */
export function closingTag(framed: boolean): string {
  return framed ? `<close xmlns="${NS.FRAMING}"/>` : "</stream:stream>";
}
