// Public API of @parley/jid: RFC 7622 addresses and XEP-0106 escaping.
export { prepareDomainpart, toAsciiDomain } from "./domainpart.js";
export { JidError, type JidFailure, type JidPart } from "./errors.js";
export { escapeLocal, unescapeLocal } from "./escaping.js";
export { Jid, type JidParts, jid, tryParseJid } from "./jid.js";
export { prepareLocalpart, prepareResourcepart } from "./localpart.js";
