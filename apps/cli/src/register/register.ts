// XEP-0077 §3.1 in-band registration of a new account on a pre-authentication stream.
import type { Jid } from "@parley/jid";
import { NS, StanzaError, iq } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";
import type { ConnectionSettings } from "../account/resolve";
import { CliError, ExitCode, RecipientError } from "../errors";
import { PreAuthStream } from "./pre-auth-stream";

async function request(stream: PreAuthStream, el: Element): Promise<Element> {
  const id = el.attr("id");
  stream.send(el);
  for (;;) {
    const answer = await stream.next();
    if (answer.localName !== "iq" || answer.attr("id") !== id) continue;
    if (answer.attr("type") === "result") return answer;
    throw StanzaError.fromStanza(answer) ?? new StanzaError("undefined-condition");
  }
}

export async function registerAccount(
  jid: Jid,
  password: string,
  settings: ConnectionSettings,
): Promise<void> {
  const domain = jid.domain;
  const { stream, features } = await PreAuthStream.open(domain, settings);
  try {
    // XEP-0077 §4: servers that allow registration on this stream advertise the feature.
    if (!features.getChild("register", NS.REGISTER_FEATURE)) {
      throw new CliError(
        `${domain} does not offer in-band registration (XEP-0077) on this connection; ask its administrator for an account`,
        ExitCode.recipient,
      );
    }
    try {
      // §3.1: ask for the fields first, then send username and password.
      const form = await request(
        stream,
        iq({ type: "get", to: domain }, xml("query", { xmlns: NS.REGISTER })),
      );
      const query = form.getChild("query", NS.REGISTER);
      if (
        query &&
        !query.getChild("username", NS.REGISTER) &&
        !query.getChild("password", NS.REGISTER)
      ) {
        throw new CliError(
          `${domain} asks for registration fields this CLI does not fill in`,
          ExitCode.other,
        );
      }
      await request(
        stream,
        iq(
          { type: "set", to: domain },
          xml(
            "query",
            { xmlns: NS.REGISTER },
            xml("username", {}, jid.local),
            xml("password", {}, password),
          ),
        ),
      );
    } catch (error) {
      if (error instanceof StanzaError) {
        if (error.condition === "conflict") {
          throw new CliError(`${jid.bare()} already exists (conflict)`, ExitCode.recipient, {
            cause: error,
          });
        }
        throw new RecipientError(domain, error);
      }
      throw error;
    }
  } finally {
    stream.close();
  }
}
