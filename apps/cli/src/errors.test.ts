import {
  ConnectionError,
  NegotiationError,
  SaslError,
  StanzaError,
  StreamError,
  TimeoutError,
  TlsError,
} from "@parley/client";
import { describe, expect, it } from "vitest";
import { EXIT_CODE_HELP, ExitCode, UsageError, describeFailure } from "./errors";

describe("describeFailure", () => {
  it("maps each kind of failure to its documented exit code", () => {
    const cases: [unknown, number][] = [
      [new UsageError("x"), ExitCode.usage],
      [new SaslError("not-authorized"), ExitCode.auth],
      [
        new ConnectionError("connection-failed", "refused", { code: "ECONNREFUSED" }),
        ExitCode.unreachable,
      ],
      [new ConnectionError("connection-closed", "reset"), ExitCode.other],
      [new TlsError("certificate-invalid", "self-signed"), ExitCode.certificate],
      [new TlsError("tls-failed", "handshake"), ExitCode.certificate],
      [new NegotiationError("encryption-required", "no STARTTLS"), ExitCode.certificate],
      [new NegotiationError("bind-failed", "no"), ExitCode.other],
      [new TimeoutError("slow"), ExitCode.timeout],
      [new StanzaError("item-not-found"), ExitCode.recipient],
      [new StreamError("host-unknown"), ExitCode.unreachable],
      [new StreamError("not-authorized"), ExitCode.auth],
      [new StreamError("system-shutdown"), ExitCode.other],
      [new Error("disk full"), ExitCode.other],
      ["a string", ExitCode.other],
    ];
    for (const [error, code] of cases)
      expect(describeFailure(error).exitCode, String(error)).toBe(code);
    expect(describeFailure(new TlsError("certificate-invalid", "x")).message).toContain(
      "--insecure",
    );
  });

  it("every exit code is in the help table", () => {
    for (const code of Object.values(ExitCode))
      expect(EXIT_CODE_HELP).toMatch(new RegExp(`^  ${code}  \\S`, "m"));
  });
});
