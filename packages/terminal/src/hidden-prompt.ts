// A password prompt on a terminal: echo off through raw mode, keys read until Enter.

/** Ctrl-C or Ctrl-D at the prompt. */
export class PromptCancelledError extends Error {
  constructor() {
    super("cancelled");
    this.name = "PromptCancelledError";
  }
}

/**
 * Writes `prompt` to `output`, reads a line from the terminal `input` without echoing it
 * (Backspace deletes the last character), and resolves with it. Rejects with
 * PromptCancelledError on Ctrl-C or Ctrl-D. `input` must be a TTY (raw mode).
 */
export function hiddenPrompt(
  prompt: string,
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): Promise<string> {
  return new Promise((resolve, reject) => {
    output.write(prompt);
    let text = "";
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off("data", onData);
      output.write("\n");
      if (error) reject(error);
      else resolve(text);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString("utf8")) {
        if (ch === "\r" || ch === "\n") return done();
        if (ch === "\u0003" || ch === "\u0004") return done(new PromptCancelledError());
        if (ch === "\u007f" || ch === "\b") text = [...text].slice(0, -1).join("");
        else text += ch;
      }
    };
    input.setRawMode(true);
    input.resume();
    input.on("data", onData);
  });
}
