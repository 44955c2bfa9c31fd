// Public API of @parley/precis: PRECIS framework (RFC 8264) and the profiles of RFC 8265 and
// RFC 8266.
export { type ApproxBidiClass, bidiClass, satisfiesBidiRule } from "./bidi.js";
export {
  type Derivation,
  type DerivedProperty,
  derivation,
  derivedProperty,
  type PrecisCategory,
} from "./derived-property.js";
export { PrecisError, type PrecisFailure } from "./errors.js";
export { conforms, enforce, type PrecisProfile } from "./profile.js";
export {
  Nickname,
  nickname,
  nicknameComparisonForm,
  nicknameEquals,
  OpaqueString,
  opaqueString,
  opaqueStringEquals,
  UsernameCaseMapped,
  UsernameCasePreserved,
  usernameCaseMapped,
  usernameCaseMappedEquals,
  usernameCasePreserved,
} from "./profiles.js";
export type { StringClass } from "./string-class.js";
