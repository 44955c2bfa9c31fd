// The `users import` file: one "jid password" per line; the password is the rest of the line
// after the whitespace that follows the JID (so it may hold spaces), trimmed at its end. Blank
// lines and lines starting with "#" are skipped.
import { CliError } from "../errors";
import { parseAccountJid } from "./bare-jid";
import { checkPassword } from "./password";

export interface ImportEntry {
  line: number;
  jid: string;
  password: string;
}

export interface ParsedImport {
  entries: ImportEntry[];
  errors: { line: number; message: string }[];
}

export function parseImportFile(text: string, domains: readonly string[]): ParsedImport {
  const entries: ImportEntry[] = [];
  const errors: { line: number; message: string }[] = [];
  const seen = new Map<string, number>();
  const lines = text.split("\n");
  for (const [index, rawLine] of lines.entries()) {
    const line = index + 1;
    const content = rawLine.replace(/\r$/, "");
    const trimmed = content.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const match = /^\s*(\S+)\s+(.*?)\s*$/.exec(content);
    if (!match) {
      errors.push({ line, message: 'expected "jid password"' });
      continue;
    }
    try {
      const jid = parseAccountJid(match[1] as string, domains);
      const password = match[2] as string;
      checkPassword(password);
      const first = seen.get(jid);
      if (first !== undefined) {
        errors.push({ line, message: `${jid} is already on line ${first}` });
        continue;
      }
      seen.set(jid, line);
      entries.push({ line, jid, password });
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      errors.push({ line, message: error.message });
    }
  }
  return { entries, errors };
}
