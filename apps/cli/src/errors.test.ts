import {
  ConnectionError,
  DisconnectedError,
  NegotiationError,
  SaslError,
  StanzaError,
  StreamError,
  TimeoutError,
  TlsError,
} from "@parley/client";
import { describe, expect, it } from "vitest";
import { EXIT_CODE_HELP, ExitCode, UsageError, conditionText, describeFailure } from "./errors";

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

  it("prints a condition once, with the text only when it says more", () => {
    expect(conditionText("not-authorized", "not-authorized")).toBe("not-authorized");
    expect(conditionText("not-well-formed", "not-well-formed: bad")).toBe("not-well-formed (bad)");
    expect(conditionText("policy-violation", undefined)).toBe("policy-violation");
    expect(describeFailure(new StreamError("not-well-formed")).message).toBe(
      "stream error: not-well-formed",
    );
    expect(describeFailure(new SaslError("not-authorized", "not-authorized")).message).toBe(
      "authentication failed: not-authorized",
    );
  });

  it("describes what ended the session, not 'client offline'", () => {
    const cause = new StreamError("policy-violation", { text: "stanza too big" });
    const r = describeFailure(new DisconnectedError("client offline", { cause }));
    expect(r).toEqual({
      message: "stream error: policy-violation (stanza too big)",
      exitCode: ExitCode.other,
    });
    expect(describeFailure(new DisconnectedError()).message).toBe("disconnected: not connected");
  });

  it("says that TLS is required, and that a timeout is one", () => {
    expect(describeFailure(new SaslError("encryption-required", "TLS first"))).toEqual({
      message: "TLS first (leave out --no-tls)",
      exitCode: ExitCode.certificate,
    });
    expect(describeFailure(new TimeoutError("no connection in 5 ms")).message).toBe(
      "timeout: no connection in 5 ms",
    );
  });

  it("every exit code is in the help table", () => {
    for (const code of Object.values(ExitCode))
      expect(EXIT_CODE_HELP).toMatch(new RegExp(`^  ${code}  \\S`, "m"));
  });
});
