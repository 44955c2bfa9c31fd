// The hidden password prompt of @parley/terminal; Ctrl-C / Ctrl-D are a usage error for `parley`.
import { PromptCancelledError, hiddenPrompt as terminalPrompt } from "@parley/terminal";
import { UsageError } from "../errors";

export async function hiddenPrompt(prompt: string): Promise<string> {
  try {
    return await terminalPrompt(prompt);
  } catch (error) {
    if (error instanceof PromptCancelledError) throw new UsageError("cancelled");
    throw error;
  }
}
