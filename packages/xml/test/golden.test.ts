// Golden client transcripts: each test/golden/NAME.xml is a whole client stream, NAME.events
// the events expected from StreamParser as test/collect.ts records them, one JSON string a line.
// Stream restarts: the parser is reset after <starttls/> and after <auth/> (as a server does
// after <proceed/> and <success/>, RFC 6120 §5.4.3.3 and §6.4.6).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { StreamParser } from "../src/index";
import { bytes, record } from "./collect";

const dir = join(import.meta.dirname, "golden");
const cases = readdirSync(dir).filter((f) => f.endsWith(".xml"));

function run(data: Uint8Array, chunk: number): string[] {
  const parser = new StreamParser();
  const events = record(parser);
  parser.on("element", (el) => {
    if (el.localName === "starttls" || el.localName === "auth") parser.reset();
  });
  for (let i = 0; i < data.length; i += chunk) parser.write(data.subarray(i, i + chunk));
  return events;
}

describe("golden client streams", () => {
  it("has cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(3);
  });

  it.each(cases)("%s", (file) => {
    const data = bytes(readFileSync(join(dir, file), "utf8"));
    const expected = readFileSync(join(dir, file.replace(/\.xml$/, ".events")), "utf8")
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as string);
    for (const chunk of [data.length, 1, 2, 3, 7, 64, 1000]) {
      expect(run(data, chunk), `in chunks of ${chunk} bytes`).toEqual(expected);
    }
  });
});
