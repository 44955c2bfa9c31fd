// Test-only: loads the canonical XML files of test/golden. Each file holds one element followed
// by a newline, written exactly as @parley/xml serializes it.
import { readdirSync, readFileSync } from "node:fs";
import { Element } from "@parley/xml";
import { parseXml } from "./parse-xml";

const dir = new URL("./golden/", import.meta.url);

export function goldenNames(): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".xml"))
    .sort();
}

export function goldenText(name: string): string {
  return readFileSync(new URL(name, dir), "utf8");
}

export function golden(name: string): Element {
  return parseXml(goldenText(name));
}

/** A copy without whitespace-only text nodes (how a builder writes the same tree). */
export function compact(el: Element): Element {
  const copy = new Element(el.name, el.attrs, el.ns);
  for (const c of el.children) {
    if (typeof c !== "string") copy.children.push(compact(c));
    else if (c.trim() !== "") copy.children.push(c);
  }
  return copy;
}
