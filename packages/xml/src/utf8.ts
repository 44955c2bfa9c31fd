// UTF-8 input handling. A chunk may end inside a multi-byte character: the incomplete tail is
// kept and prepended to the next chunk, so every chunk is decoded on its own (the result does not
// depend on where the transport split the bytes). Invalid UTF-8 is reported with the offset of
// the first bad byte, so that everything before it is still parsed.

export interface DecodeResult {
  text: string;
  /** True when the input is not valid UTF-8 after `text`. */
  invalid: boolean;
}

// fatal: malformed input throws instead of becoming U+FFFD. ignoreBOM: keep U+FEFF in the text;
// sax skips a byte order mark at the start of a document itself. Without `stream: true` a decode
// keeps no state, so one decoder serves every parser.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export class Utf8ChunkDecoder {
  private pending: Uint8Array | null = null;

  /** Decodes one chunk. With `final`, an incomplete character at the end is invalid. */
  decode(chunk: Uint8Array, final = false): DecodeResult {
    let bytes = chunk;
    if (this.pending) {
      bytes = new Uint8Array(this.pending.length + chunk.length);
      bytes.set(this.pending);
      bytes.set(chunk, this.pending.length);
      this.pending = null;
    }
    const cut = final ? bytes.length : completeLength(bytes);
    if (cut < bytes.length) this.pending = bytes.slice(cut);
    const body = cut === bytes.length ? bytes : bytes.subarray(0, cut);
    try {
      return { text: utf8.decode(body), invalid: false };
    } catch {
      this.pending = null;
      const valid = validPrefixLength(body);
      return { text: utf8.decode(body.subarray(0, valid)), invalid: true };
    }
  }

  /** Bytes held back from the last chunk (an incomplete character). */
  get pendingBytes(): number {
    return this.pending?.length ?? 0;
  }

  clear(): void {
    this.pending = null;
  }
}

/** Length of the prefix that does not end inside a multi-byte sequence. */
function completeLength(bytes: Uint8Array): number {
  const end = bytes.length;
  // A character is at most 4 bytes: look for its lead byte among the last 3.
  for (let i = end - 1; i >= 0 && i >= end - 3; i--) {
    const b = bytes[i]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return end - i < need && b < 0xf5 ? i : end;
  }
  return end;
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629 §4), or the length when all are valid. */
export function validPrefixLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // overlong
      if (b === 0xed) hi = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // overlong
      if (b === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i;
    if (i + need >= bytes.length) return i; // truncated
    const second = bytes[i + 1]!;
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) {
      const c = bytes[i + k]!;
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return i;
}

/** UTF-8 length of `text.slice(from, to)`; each half of a surrogate pair counts 2 bytes. */
export function utf8Length(text: string, from = 0, to = text.length): number {
  let n = to - from;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) n += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2;
  }
  return n;
}
