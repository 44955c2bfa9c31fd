/** Inclusive code point ranges, sorted by start. */
export type RangeTable = readonly (readonly [number, number])[];

/** Binary search in a sorted range table. */
export function inRanges(table: RangeTable, cp: number): boolean {
  let lo = 0;
  let hi = table.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const range = table[mid]!;
    if (cp < range[0]) hi = mid - 1;
    else if (cp > range[1]) lo = mid + 1;
    else return true;
  }
  return false;
}
