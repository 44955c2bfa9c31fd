// Throughput of @parley/xml's StreamParser against raw sax on the same generated client stream.
//
//   pnpm --filter @parley/xml build && node bench/xml-parser.mjs [--mb 10] [--runs 7]
//
// Both parsers get the same input: ~10 MB of UTF-8 bytes in 16 KiB chunks (socket-sized reads).
// Raw sax runs with the options StreamParser uses (strict, xmlns) and only counts top-level
// elements; it decodes with a streaming TextDecoder, as a transport would have to. A second raw
// line without xmlns shows what namespace resolution itself costs. Each contender runs in a
// process of its own (they share sax's code, and V8 would otherwise tune it for whichever ran
// first). One JSON line per measurement; the last line holds the ratios. Times are the median of
// the runs after one warm-up run.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const targetBytes = option("mb", 10) * 1e6;
const runs = option("runs", 7);
const chunkSize = 16 * 1024;
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
const contenders = ["StreamParser", "sax-xmlns", "sax-plain"];

if (only === undefined) {
  const results = {};
  for (const name of contenders) {
    const out = execFileSync(
      process.execPath,
      [fileURLToPath(import.meta.url), ...args, "--only", name],
      {
        encoding: "utf8",
      },
    );
    results[name] = JSON.parse(out.trim());
    console.log(JSON.stringify(results[name]));
  }
  const rate = (name) => results[name].mb_per_s;
  console.log(
    JSON.stringify({
      bench: "xml-parser",
      name: "ratios",
      node: process.version,
      "StreamParser/sax(xmlns)": Number((rate("StreamParser") / rate("sax-xmlns")).toFixed(3)),
      "StreamParser/sax(no xmlns)": Number((rate("StreamParser") / rate("sax-plain")).toFixed(3)),
    }),
  );
  process.exit(0);
}

const xmlPackage = new URL("../packages/xml/", import.meta.url);
const { StreamParser } = await import(new URL("dist/index.js", xmlPackage).href);
const sax = createRequire(new URL("package.json", xmlPackage))("sax");

// --- a deterministic, realistic client stream -------------------------------------------------

let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const id = () => Math.floor(random() * 1e12).toString(36);

const words = [
  "hello",
  "world",
  "are",
  "you",
  "coming",
  "tonight",
  "meeting",
  "moved",
  "to",
  "3pm",
  "see",
  "you",
  "there",
  "thanks",
  "ok",
  "sure",
  "lunch",
  "tomorrow",
  "&amp;",
  "&lt;3",
  "😀",
  "👍",
  "你好",
  "谢谢",
  "café",
  "naïve",
  "Grüße",
  "https://example.org/a?b=c&amp;d=e",
];
const contacts = [
  "romeo@montague.lit",
  "juliet@capulet.lit",
  "nurse@capulet.lit",
  "mercutio@montague.lit",
];
const sentence = (n) => Array.from({ length: n }, () => pick(words)).join(" ");

function message() {
  const to = pick(contacts);
  const extra =
    random() < 0.5
      ? "<active xmlns='http://jabber.org/protocol/chatstates'/><request xmlns='urn:xmpp:receipts'/>"
      : `<origin-id xmlns='urn:xmpp:sid:0' id='${id()}'/><markable xmlns='urn:xmpp:chat-markers:0'/>`;
  return `<message to='${to}' type='chat' id='${id()}' xml:lang='en'><body>${sentence(3 + Math.floor(random() * 30))}</body>${extra}</message>`;
}

function presence() {
  return `<presence><show>${pick(["away", "chat", "dnd", "xa"])}</show><status>${sentence(4)}</status><priority>5</priority><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://example.org/client' ver='${id()}='/></presence>`;
}

function iq() {
  switch (Math.floor(random() * 4)) {
    case 0:
      return `<iq type='get' id='${id()}'><query xmlns='jabber:iq:roster' ver='${id()}'/></iq>`;
    case 1:
      return `<iq type='set' id='${id()}'><pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='urn:xmpp:microblog:0'><item id='${id()}'><entry xmlns='http://www.w3.org/2005/Atom'><title type='text'>${sentence(8)}</title><author><name>${pick(contacts)}</name></author><published>2024-05-08T18:30:02Z</published><content type='text'>${sentence(40)}</content></entry></item></publish></pubsub></iq>`;
    case 2:
      return `<iq type='set' id='${id()}'><query xmlns='urn:xmpp:mam:2' queryid='${id()}'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field><field var='with'><value>${pick(contacts)}</value></field><field var='start'><value>2024-01-01T00:00:00Z</value></field></x><set xmlns='http://jabber.org/protocol/rsm'><max>50</max><after>${id()}</after></set></query></iq>`;
    default:
      return `<iq to='${pick(contacts)}/balcony' type='get' id='${id()}'><ping xmlns='urn:xmpp:ping'/></iq>`;
  }
}

const parts = [
  "<?xml version='1.0'?><stream:stream to='capulet.lit' version='1.0' xml:lang='en' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>",
];
let size = parts[0].length;
let expectedStanzas = 0;
while (size < targetBytes) {
  const r = random();
  const stanza = r < 0.55 ? message() : r < 0.8 ? presence() : iq();
  const sep = random() < 0.05 ? "\n " : "";
  parts.push(sep, stanza);
  size += stanza.length + sep.length;
  expectedStanzas++;
}
parts.push("</stream:stream>");
const input = new TextEncoder().encode(parts.join(""));
const chunks = [];
for (let i = 0; i < input.length; i += chunkSize) chunks.push(input.subarray(i, i + chunkSize));

// --- the contenders ---------------------------------------------------------------------------

function runStreamParser() {
  const parser = new StreamParser();
  let stanzas = 0;
  parser.on("element", () => stanzas++);
  parser.on("error", (err) => {
    throw err;
  });
  for (const chunk of chunks) parser.write(chunk);
  return stanzas;
}

function runSax(xmlns) {
  const parser = sax.parser(true, { xmlns, strictEntities: true });
  const decoder = new TextDecoder();
  let depth = 0;
  let stanzas = 0;
  parser.onopentag = () => depth++;
  parser.onclosetag = () => {
    if (--depth === 1) stanzas++;
  };
  parser.onerror = (err) => {
    throw err;
  };
  for (const chunk of chunks) parser.write(decoder.decode(chunk, { stream: true }));
  return stanzas;
}

function measure(name, fn) {
  fn(); // warm-up
  const times = [];
  let stanzas = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    stanzas = fn();
    times.push(performance.now() - start);
  }
  if (stanzas !== expectedStanzas)
    throw new Error(`${name}: ${stanzas} stanzas, expected ${expectedStanzas}`);
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)];
  const result = {
    bench: "xml-parser",
    name,
    bytes: input.length,
    stanzas,
    runs,
    median_ms: Number(ms.toFixed(1)),
    mb_per_s: Number((input.length / 1e6 / (ms / 1000)).toFixed(2)),
    stanzas_per_s: Math.round(stanzas / (ms / 1000)),
  };
  console.log(JSON.stringify(result));
}

const run = {
  StreamParser: runStreamParser,
  "sax-xmlns": () => runSax(true),
  "sax-plain": () => runSax(false),
}[only];
if (!run) throw new Error(`unknown contender ${only}`);
measure(only, run);
