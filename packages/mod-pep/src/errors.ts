// Typed errors of @parley/mod-pep. Protocol errors are StanzaErrors with a XEP-0060 §… pubsub
// application condition (`<precondition-not-met xmlns='…#errors'/>` and friends).
import { StanzaError, type StanzaErrorCondition } from "@parley/stanza";
import { xml } from "@parley/xml";
import { PUBSUB_ERRORS } from "./ns";

/** The `modules.pep` config section is invalid; thrown from setup(), so the server won't start. */
export class PepConfigError extends Error {
  override readonly name = "PepConfigError";
}

/**
 * A pubsub error: the RFC 6120 condition plus the XEP-0060 application condition, e.g.
 * `pubsubError("conflict", "precondition-not-met")`. `feature` fills `<unsupported feature=…/>`.
 */
export function pubsubError(
  condition: StanzaErrorCondition,
  pubsubCondition?: string,
  options: { text?: string; feature?: string } = {},
): StanzaError {
  const application =
    pubsubCondition === undefined
      ? undefined
      : xml(
          pubsubCondition,
          options.feature === undefined
            ? { xmlns: PUBSUB_ERRORS }
            : { xmlns: PUBSUB_ERRORS, feature: options.feature },
        );
  return new StanzaError(condition, {
    application,
    ...(options.text === undefined ? {} : { text: options.text, lang: "en" }),
  });
}

/** The pubsub application condition of an error, if it has one. */
export function pubsubCondition(error: StanzaError): string | undefined {
  return error.application?.ns === PUBSUB_ERRORS ? error.application.localName : undefined;
}
