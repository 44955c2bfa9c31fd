// Passwords for adduser/passwd: --password, a hidden prompt on a terminal, or one line of stdin.
import { PrecisError, opaqueString } from "@parley/precis";
import { PromptCancelledError, hiddenPrompt } from "@parley/terminal";
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

/** The terminal prompt of @parley/terminal; Ctrl-C / Ctrl-D are a usage error here. */
async function prompt(text: string, input: NodeJS.ReadStream, output: NodeJS.WriteStream) {
  try {
    return await hiddenPrompt(text, input, output);
  } catch (error) {
    if (error instanceof PromptCancelledError) throw new UsageError("cancelled");
    throw error;
  }
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
    password = await prompt("Password: ", input, output);
    const again = await prompt("Password (again): ", input, output);
    if (again !== password) throw new UsageError("the passwords do not match");
  } else password = await readLine(input);
  if (password === "") throw new UsageError("the password is empty");
  checkPassword(password);
  return password;
}
