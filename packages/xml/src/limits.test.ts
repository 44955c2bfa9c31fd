import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";
import { describe, expect, it } from "vitest";
import { bytes, record } from "../test/collect";
import { type ParserLimits, StreamParser } from "./index";

const header =
  "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";

function run(limits: Partial<ParserLimits>, chunks: (string | Uint8Array)[]): string[] {
  const parser = new StreamParser(limits);
  const events = record(parser);
  for (const chunk of chunks) parser.write(chunk);
  return events;
}

function chunked(data: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < data.length; i += size) out.push(data.subarray(i, i + size));
  return out;
}

describe("maxStanzaBytes", () => {
  // Multi-byte text so that characters and bytes differ; long enough to span several slices.
  const body = `\u00e9\u4F60\u{1F600}x`.repeat(4000);
  const stanza = `<message to='a@b'><body>${body}</body></message>`;
  const size = bytes(stanza).length;

  it.each([
    ["in one write", 0],
    ["in 1000-byte writes", 1000],
    ["in 7-byte writes", 7],
  ])("allows a stanza of exactly the limit and refuses one byte more, %s", (_how, chunk) => {
    const input = bytes(`${header}<presence/>  \n${stanza}<presence/>`);
    const chunks = chunk === 0 ? [input] : chunked(input, chunk);
    expect(run({ maxStanzaBytes: size }, chunks).slice(1)).toEqual([
      "element <presence/>",
      expect.stringMatching(/^element <message/),
      "element <presence/>",
    ]);
    expect(run({ maxStanzaBytes: size - 1 }, chunks).slice(1)).toEqual([
      "element <presence/>",
      "error policy-violation",
    ]);
  });

  it("gives up on an endless stanza soon after the limit, without buffering the rest", () => {
    const limit = 256 * 1024;
    const parser = new StreamParser();
    const events = record(parser);
    parser.write(`${header}<message><body>`);
    const kilobyte = bytes("\u4F60".repeat(341) + "a"); // 1024 bytes
    let written = 0;
    let failedAt = -1;
    for (let i = 0; i < 10 * 1024; i++) {
      parser.write(kilobyte);
      written += kilobyte.length;
      if (failedAt === -1 && parser.error) failedAt = written;
    }
    expect(events.slice(1)).toEqual(["error policy-violation"]);
    expect(failedAt).toBeGreaterThan(limit - 1024);
    // Checked after every write (and every 16 Ki characters within one).
    expect(failedAt).toBeLessThanOrEqual(limit + 1024);
  });

  it("drops the partial stanza once it has failed (heap check with an explicit GC)", () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const heap = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const mib = 1024 * 1024;
    const parser = new StreamParser({ maxStanzaBytes: 16 * mib });
    record(parser);
    const before = heap();
    parser.write(`${header}<message><body>`);
    const chunk = "0123456789abcdef".repeat(64); // 1 KiB
    for (let i = 0; i < 12 * 1024; i++) parser.write(`${chunk.slice(1)}${i % 10}`);
    // Still within the limit: the parser must hold the 12 MiB of the stanza being built.
    const holding = heap() - before;
    expect(holding).toBeGreaterThan(10 * mib);
    for (let i = 0; i < 5 * 1024; i++) parser.write(`${chunk.slice(1)}${i % 10}`);
    expect(parser.error?.condition).toBe("policy-violation");
    const after = heap() - before;
    expect(after).toBeLessThan(2 * mib);
  });
});

describe("maxHeaderBytes", () => {
  it("limits the stream header, XML declaration included, however it is split", () => {
    const input = `<?xml version='1.0'?>\n${header}`;
    const size = bytes(input).length;
    for (let i = 0; i <= input.length; i++) {
      const chunks = [input.slice(0, i), input.slice(i)];
      expect(run({ maxHeaderBytes: size }, chunks)).toHaveLength(1);
      expect(run({ maxHeaderBytes: size - 1 }, chunks)).toEqual(["error policy-violation"]);
    }
  });

  it("stops a header that never ends", () => {
    const parser = new StreamParser({ maxHeaderBytes: 1000 });
    const events = record(parser);
    parser.write("<stream:stream xmlns:stream='http://etherx.jabber.org/streams' a='");
    for (let i = 0; i < 100 && !parser.error; i++) parser.write("x".repeat(100));
    expect(events).toEqual(["error policy-violation"]);
  });
});

describe("maxDepth and maxAttributes", () => {
  const nest = (n: number) => "<a>".repeat(n) + "</a>".repeat(n);

  it("counts the stanza itself as depth 1", () => {
    expect(run({ maxDepth: 5 }, [header, nest(5)])).toHaveLength(2);
    expect(run({ maxDepth: 5 }, [header, nest(6)]).at(-1)).toBe("error policy-violation");
  });

  it("refuses a deep stanza as soon as the limit is passed, before it is complete", () => {
    const events = run({}, [header, "<a>".repeat(65)]);
    expect(events.at(-1)).toBe("error policy-violation");
  });

  it("limits attributes per element, namespace declarations included", () => {
    const attrs = (n: number) =>
      Array.from({ length: n }, (_, i) => (i === 0 ? "xmlns='x'" : `a${i}='${i}'`)).join(" ");
    expect(run({ maxAttributes: 8 }, [header, `<a ${attrs(8)}/>`])).toHaveLength(2);
    expect(run({ maxAttributes: 8 }, [header, `<a ${attrs(9)}`]).at(-1)).toBe(
      "error policy-violation",
    );
  });

  it("refuses an attribute flood long before the byte limit", () => {
    const many = Array.from({ length: 5000 }, (_, i) => `c${i}=''`).join(" ");
    expect(run({}, [header, `<a ${many}`]).at(-1)).toBe("error policy-violation");
    expect(run({}, [header, `<a b='' b='' ${many}`]).at(-1)).toBe("error not-well-formed");
  });

  it("validates limit options", () => {
    expect(() => new StreamParser({ maxDepth: 0 })).toThrow(RangeError);
    expect(() => new StreamParser({ maxStanzaBytes: 1.5 })).toThrow(RangeError);
  });
});
