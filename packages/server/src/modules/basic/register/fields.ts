// XEP-0077 §3 form fields of a server account: username and password only.
import { JidError, prepareLocalpart } from "@parley/jid";
import { NS, StanzaError } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";

export const INSTRUCTIONS = "Choose a username and password to register with this server.";

/** §3.1: the registration form (the requesting entity must supply every field). */
export function registrationForm(): Element {
  return xml(
    "query",
    { xmlns: NS.REGISTER },
    xml("instructions", null, INSTRUCTIONS),
    xml("username"),
    xml("password"),
  );
}

/** §3.1 "Host Informs Entity of Current Registration". */
export function registeredForm(local: string): Element {
  return xml(
    "query",
    { xmlns: NS.REGISTER },
    xml("registered"),
    xml("username", null, local),
    xml("password"),
  );
}

/** Text of a field; undefined when absent, "" when empty (<password/> counts as missing). */
export function field(query: Element, name: string): string | undefined {
  return query.getChild(name, NS.REGISTER)?.text();
}

/** §3.1: both fields present with character data, else not-acceptable. */
export function requireCredentials(query: Element): { username: string; password: string } {
  const username = field(query, "username");
  const password = field(query, "password");
  if (!username || !password) {
    throw new StanzaError("not-acceptable", { text: "username and password are required" });
  }
  return { username, password };
}

/** The prepared localpart (RFC 7622 §3.3 via PRECIS); not-acceptable when it is not one. */
export function prepareUsername(username: string): string {
  try {
    return prepareLocalpart(username);
  } catch (e) {
    if (e instanceof JidError) {
      throw new StanzaError("not-acceptable", { text: `invalid username: ${e.message}` });
    }
    throw e;
  }
}
