// A process's resident memory (/proc/<pid>/smaps) grouped by the kind of mapping, in KiB, so an
// RSS figure can be split into where it lives. The anonymous groups are told apart by size: V8
// reserves its heap in 256 KiB-aligned pages, glibc's per-thread malloc arenas sit in 64 MiB
// reservations of which only the used part is resident.
import { readFileSync } from "node:fs";

export const KINDS = {
  heap256: "anonymous in 256 KiB multiples (node: V8 heap pages)",
  brk: "[heap] (malloc's main arena)",
  anon: "other anonymous (thread arenas, large malloc blocks)",
  file: "file-backed (the binary, libraries)",
  stack: "stacks",
};

function kindOf(name, kib) {
  if (name === "[heap]") return "brk";
  if (name === "[stack]") return "stack";
  if (name.startsWith("[")) return null; // vdso, vvar, vsyscall
  if (name) return "file";
  return kib % 256 === 0 ? "heap256" : "anon";
}

export function smapsKinds(pid) {
  const groups = Object.fromEntries(Object.keys(KINDS).map((k) => [k, 0]));
  let kind = null;
  for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      const kib = (Number.parseInt(head[2], 16) - Number.parseInt(head[1], 16)) / 1024;
      kind = kindOf(head[3], kib);
    } else if (kind && line.startsWith("Rss:")) {
      groups[kind] += Number(/(\d+)/.exec(line)[1]);
    }
  }
  return groups;
}
