// Public API of @parley/terminal.
export { exitQuietlyOnBrokenPipe } from "./broken-pipe";
export { PromptCancelledError, hiddenPrompt } from "./hidden-prompt";
