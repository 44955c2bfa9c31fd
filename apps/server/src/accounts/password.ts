// Passwords for adduser/passwd: --password, a hidden prompt on a terminal, or one line of stdin.
import { PrecisError, opaqueString } from "@parley/precis";
import { UsageError } from "../errors";

/** RFC 8265 §4.2 OpaqueString: refuses what a client could never send (controls, empty, …). */
export function checkPassword(password: string): void {
  try {
    opaqueString(password);
  } catch (error) {
    if (error instanceof PrecisError) throw new UsageError(`unusable password: ${error.message}`);
    throw error;
  }
}

/** Reads the first line of a piped stdin (without its line ending). */
async function readLine(input: NodeJS.ReadStream): Promise<string> {
  let text = "";
  for await (const chunk of input) {
    text += chunk.toString();
    const end = text.indexOf("\n");
    if (end >= 0) {
      input.destroy();
      return text.slice(0, end).replace(/\r$/, "");
    }
  }
  return text.replace(/\r$/, "");
}

/** Prompts with echo off (raw mode), reading keys until Enter; Ctrl-C aborts. */
function hiddenPrompt(
  prompt: string,
  input: NodeJS.ReadStream,
  output: NodeJS.WriteStream,
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
        if (ch === "\u0003" || ch === "\u0004") return done(new UsageError("cancelled"));
        if (ch === "\u007f" || ch === "\b") text = [...text].slice(0, -1).join("");
        else text += ch;
      }
    };
    input.setRawMode(true);
    input.resume();
    input.on("data", onData);
  });
}

export interface PasswordSource {
  /** --password, when given. */
  given?: string;
  input?: NodeJS.ReadStream;
  output?: NodeJS.WriteStream;
}

export async function obtainPassword(source: PasswordSource): Promise<string> {
  const input = source.input ?? process.stdin;
  const output = source.output ?? process.stderr;
  let password: string;
  if (source.given !== undefined) password = source.given;
  else if (input.isTTY) {
    password = await hiddenPrompt("Password: ", input, output);
    const again = await hiddenPrompt("Password (again): ", input, output);
    if (again !== password) throw new UsageError("the passwords do not match");
  } else password = await readLine(input);
  if (password === "") throw new UsageError("the password is empty");
  checkPassword(password);
  return password;
}
