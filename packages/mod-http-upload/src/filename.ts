// Safe file names for stored uploads (XEP-0363 §4: "SHOULD keep the file name and especially the
// file ending intact"), and the headers that describe a served file.

/** Longest stored name, in UTF-8 bytes (file systems allow 255; the URL stays readable). */
export const MAX_NAME_BYTES = 128;
const MAX_EXTENSION = 16;

const bytes = (s: string) => new TextEncoder().encode(s).length;

/** Cuts `s` to at most `max` UTF-8 bytes without splitting a character. */
function cutToBytes(s: string, max: number): string {
  let out = "";
  for (const ch of s) {
    if (bytes(out + ch) > max) break;
    out += ch;
  }
  return out;
}

/**
 * The name a requested file is stored and served under, or undefined when nothing usable is
 * left: only the last path segment, no control, separator or shell-special characters, no leading
 * dots (so never "." or ".."), at most MAX_NAME_BYTES bytes with the extension kept.
 */
export function sanitizeFilename(requested: string): string | undefined {
  const base = requested.normalize("NFC").split(/[/\\]/).pop() ?? "";
  let name = base
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/[:*?"<>|%#&;$`']/g, "_")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[.\s]+/, "")
    .replace(/[.\s]+$/, "");
  if (name === "") return undefined;
  if (bytes(name) > MAX_NAME_BYTES) {
    const dot = name.lastIndexOf(".");
    const ext = dot > 0 && name.length - dot <= MAX_EXTENSION ? name.slice(dot) : "";
    name = cutToBytes(name.slice(0, name.length - ext.length), MAX_NAME_BYTES - bytes(ext)) + ext;
  }
  return name;
}

// RFC 9110 §8.3.1 media type: type "/" subtype, both tokens; parameters are kept off.
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}$`);

/** The media type of a Content-Type value (lowercase, no parameters), or undefined. */
export function mediaTypeOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const essence = value.split(";")[0]!.trim().toLowerCase();
  return MEDIA_TYPE.test(essence) && essence.length <= 255 ? essence : undefined;
}

/** Shown in the browser: media that cannot run script. Everything else is downloaded. */
export function isInlineType(type: string): boolean {
  if (type === "image/svg+xml") return false; // SVG can carry script
  return /^(image|audio|video)\//.test(type) || type === "text/plain";
}

/** RFC 6266 Content-Disposition with an ASCII fallback and the RFC 8187 UTF-8 name. */
export function contentDisposition(name: string, type: string): string {
  const kind = isInlineType(type) ? "inline" : "attachment";
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeRfc8187(name)}`;
}

function encodeRfc8187(s: string): string {
  return encodeURIComponent(s).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
