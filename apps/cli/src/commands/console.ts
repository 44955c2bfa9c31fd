// `parley console`: raw XML in and out for debugging servers. Lines read from stdin are sent
// once they form complete, well-formed elements (several lines may make one element); every
// stanza received is printed indented. At the end of input the console waits for the answers
// to the iq requests it sent (or --timeout), then closes the stream.
import { createInterface } from "node:readline";
import type { Element } from "@parley/xml";
import { UsageError } from "../errors";
import { parseFragment } from "../format/fragment";
import { prettyXml } from "../format/pretty-xml";
import type { CliIo } from "../io";
import type { Session } from "../session";
import { deferred, waitForEnd } from "../wait";

export interface ConsoleOptions {
  /** How long to wait for outstanding iq answers after the end of input (ms). */
  answerTimeoutMs: number;
}

export async function xmlConsole(s: Session, o: ConsoleOptions, io: CliIo): Promise<void> {
  const awaiting = new Set<string>();
  let answered = deferred();
  let bad = 0;
  const onStanza = (el: Element) => {
    io.out(prettyXml(el));
    const id = el.attr("id");
    const type = el.attr("type");
    if (el.localName === "iq" && id !== undefined && (type === "result" || type === "error")) {
      awaiting.delete(id);
      if (awaiting.size === 0) answered.resolve();
    }
  };
  s.client.on("stanza", onStanza);
  io.err(`connected as ${s.client.jid}; type XML stanzas (they are checked before sending)`);

  const rl = createInterface({ input: io.stdin, terminal: false });
  let buffer = "";
  const inputDone = deferred();
  rl.on("line", (line) => {
    buffer = buffer === "" ? line : `${buffer}\n${line}`;
    if (buffer.trim() === "") {
      buffer = "";
      return;
    }
    if (!buffer.includes("<")) {
      io.err(`not XML, not sent: ${buffer.trim()}`);
      bad++;
      buffer = "";
      return;
    }
    const parsed = parseFragment(buffer);
    if (parsed.kind === "incomplete") return;
    buffer = "";
    if (parsed.kind === "error") {
      io.err(`not well-formed, not sent: ${parsed.message}`);
      bad++;
      return;
    }
    for (const el of parsed.elements) {
      const id = el.attr("id");
      const type = el.attr("type");
      if (el.localName === "iq" && id !== undefined && (type === "get" || type === "set")) {
        if (awaiting.size === 0) answered = deferred();
        awaiting.add(id);
      }
      s.client.send(el);
    }
  });
  rl.on("close", () => inputDone.resolve());
  try {
    const end = await waitForEnd(s.lost, inputDone.promise, undefined);
    if (end.reason === "done") {
      if (buffer.trim() !== "") {
        io.err(`incomplete XML at the end of input, not sent: ${buffer.trim()}`);
        bad++;
      }
      await s.flush();
      if (awaiting.size > 0) {
        const wait = await waitForEnd(s.lost, answered.promise, o.answerTimeoutMs);
        if (wait.reason === "deadline") io.err(`no answer to iq ${[...awaiting].join(", ")}`);
      }
    }
  } finally {
    s.client.off("stanza", onStanza);
    rl.close();
  }
  if (bad > 0) throw new UsageError(`${bad} input${bad === 1 ? " was" : "s were"} not sent`);
}
