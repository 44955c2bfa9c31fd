// XEP-0198 §5: the handled counters `h` are unsigned 32-bit and wrap to 0 after 2^32 - 1.

export const H_MODULO = 2 ** 32;

export function incrementH(h: number): number {
  return (h + 1) % H_MODULO;
}

/** How many stanzas `newer` counts past `older`, across a wrap-around. */
export function hDistance(newer: number, older: number): number {
  return (((newer - older) % H_MODULO) + H_MODULO) % H_MODULO;
}

/** Parses an `h` attribute: a decimal integer in [0, 2^32). */
export function parseH(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,10}$/.test(value)) return undefined;
  const n = Number(value);
  return n < H_MODULO ? n : undefined;
}
