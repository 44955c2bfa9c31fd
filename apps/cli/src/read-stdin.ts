// All of standard input as text (for `parley send JID` without TEXT).
export async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  for await (const chunk of input)
    text += typeof chunk === "string" ? chunk : (chunk as Buffer).toString("utf8");
  return text;
}
