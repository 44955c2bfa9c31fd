import { describe, expect, it } from "vitest";
import { UsageError } from "../errors";
import { validateSettings } from "./config-file";
import { connectionSettings, obtainPassword, toClientOptions, accountJid } from "./resolve";

const noTerminal = { isTTY: false, prompt: async () => "typed" };

describe("connection settings", () => {
  it("flags win over the file; --timeout becomes both client timeouts", () => {
    const s = connectionSettings(
      { host: "a", timeout: 2.5 },
      { host: "b", port: 5223, direct_tls: true, insecure: true },
    );
    expect(s).toEqual({ host: "a", port: 5223, tls: "direct", insecure: true, timeoutMs: 2500 });
    const o = toClientOptions(accountJid("u@d", "account"), "pw", s);
    expect(o).toMatchObject({
      jid: "u@d",
      host: "a",
      port: 5223,
      tls: "direct",
      insecure: true,
      connectTimeoutMs: 2500,
      timeoutMs: 2500,
      reconnect: false,
    });
    expect(connectionSettings({ tls: false }, {}).tls).toBe("none");
  });

  it("refuses contradictions and bad values", () => {
    expect(() => connectionSettings({ tls: false, directTls: true }, {})).toThrow(UsageError);
    expect(() => connectionSettings({ websocket: "http://x" }, {})).toThrow(/ws:\/\//);
    expect(() => connectionSettings({}, { port: 70000 })).toThrow(/port/);
    expect(() => connectionSettings({}, { timeout: 0 })).toThrow(/timeout/);
  });

  it("validates config file keys and types", () => {
    expect(validateSettings({ jid: "a@b", port: 1, insecure: true }, "f")).toEqual({
      jid: "a@b",
      port: 1,
      insecure: true,
    });
    expect(() => validateSettings({ jdi: "a@b" }, "f")).toThrow(/jdi: unknown key/);
    expect(() => validateSettings({ insecure: "yes" }, "f")).toThrow(/insecure: must be a boolean/);
  });
});

describe("passwords", () => {
  it("come from the flag, then the environment, then the file, then a prompt on a terminal", async () => {
    expect(
      await obtainPassword("flag", { PARLEY_PASSWORD: "env" }, { password: "file" }, noTerminal),
    ).toBe("flag");
    expect(
      await obtainPassword(undefined, { PARLEY_PASSWORD: "env" }, { password: "file" }, noTerminal),
    ).toBe("env");
    expect(
      await obtainPassword(undefined, { PARLEY_PASSWORD: "" }, { password: "file" }, noTerminal),
    ).toBe("file");
    await expect(obtainPassword(undefined, {}, {}, noTerminal)).rejects.toThrow(/no password/);
    expect(
      await obtainPassword(undefined, {}, {}, { isTTY: true, prompt: async () => "typed" }),
    ).toBe("typed");
    let n = 0;
    const differing = { isTTY: true, prompt: async () => `p${n++}` };
    await expect(obtainPassword(undefined, {}, {}, differing, true)).rejects.toThrow(
      /do not match/,
    );
    await expect(obtainPassword("", {}, {}, noTerminal)).rejects.toThrow(/empty/);
  });
});
