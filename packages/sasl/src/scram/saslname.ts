// saslname encoding of RFC 5802 §5.1: "," is sent as "=2C" and "=" as "=3D"; any other "=" is
// malformed.
import { SaslError } from "../errors.js";

export function encodeSaslname(value: string): string {
  return value.replace(/=/g, "=3D").replace(/,/g, "=2C");
}

export function decodeSaslname(value: string): string {
  if (value.length === 0) throw new SaslError("malformed-request", "empty saslname");
  return value.replace(/=(..)?/g, (_all, code: string | undefined) => {
    if (code === "2C") return ",";
    if (code === "3D") return "=";
    throw new SaslError("malformed-request", "bad escape in saslname");
  });
}
