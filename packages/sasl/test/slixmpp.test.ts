// Interop: slixmpp's SASL client mechanisms (Debian python3-slixmpp), which nobody here wrote,
// against our server mechanisms; and our key derivation against Python's hashlib.
import { spawn, spawnSync } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { decodeBase64, encodeBase64 } from "../src/base64.js";
import { deriveScramCredentials } from "../src/scram/credentials.js";
import { createServerMechanism } from "../src/server.js";
import type { ServerMechanismContext, ServerStep } from "../src/types.js";
import { accounts, contextFor, utf8 } from "./helpers.js";

const PYTHON = "/usr/bin/python3";
const DRIVER = fileURLToPath(new URL("./slixmpp_driver.py", import.meta.url));

let probed: string | undefined;

/** Every test fails (never skips) with this message when slixmpp is missing. */
function requireSlixmpp(): void {
  if (probed === undefined) {
    const probe = spawnSync(PYTHON, ["-c", "import slixmpp.util.sasl"], { encoding: "utf8" });
    probed = probe.status === 0 ? "" : (probe.error?.message ?? probe.stderr.trim());
  }
  if (probed !== "") {
    throw new Error(
      `${PYTHON} cannot import slixmpp (${probed}). ` +
        "Run .ci/install-peers to install Debian's python3-slixmpp for this interop test.",
    );
  }
}

interface DriverMessage {
  type: "response" | "done" | "error";
  data?: string;
  mutual?: boolean;
  message?: string;
}

/** Run slixmpp as the client against one of our server mechanisms. */
async function slixmppAgainst(
  mechanism: string,
  ctx: ServerMechanismContext,
  args: string[],
): Promise<{ server: ServerStep; driver: DriverMessage | undefined }> {
  requireSlixmpp();
  const child = spawn(PYTHON, [DRIVER, "client", mechanism, ...args], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<DriverMessage | undefined> => {
    const line = await lines.next();
    return line.done ? undefined : (JSON.parse(line.value) as DriverMessage);
  };
  const send = (obj: object) => child.stdin.write(`${JSON.stringify(obj)}\n`);
  const server = createServerMechanism(mechanism, ctx);
  try {
    let message = await next();
    for (;;) {
      if (message?.type !== "response")
        return { server: { type: "failure", condition: "aborted" }, driver: message };
      const step = await server.step(decodeBase64(message.data!));
      if (step.type === "failure") {
        send({ type: "failure" });
        return { server: step, driver: undefined };
      }
      const data = step.data ? encodeBase64(step.data) : null;
      send({ type: step.type, data });
      message = await next();
      if (step.type === "success") return { server: step, driver: message };
    }
  } finally {
    child.stdin.end();
    await new Promise((resolve) =>
      child.exitCode !== null ? resolve(null) : child.once("exit", resolve),
    );
  }
}

const store = await accounts({ juliet: "r0m3o!", tybalt: "Ünïcödé pass" });

describe("slixmpp client → our server", () => {
  for (const mechanism of ["SCRAM-SHA-1", "SCRAM-SHA-256", "PLAIN"]) {
    it(`${mechanism} succeeds, and slixmpp verifies our server signature`, async () => {
      const { server, driver } = await slixmppAgainst(mechanism, contextFor(store), [
        "juliet",
        "r0m3o!",
      ]);
      expect(server).toMatchObject({ type: "success", authcid: "juliet", authzid: null });
      expect(driver).toEqual({ type: "done", mutual: mechanism !== "PLAIN" });
    });

    it(`${mechanism} with a wrong password is not-authorized`, async () => {
      const { server } = await slixmppAgainst(mechanism, contextFor(store), ["juliet", "juliet"]);
      expect(server).toMatchObject({ type: "failure", condition: "not-authorized" });
    });
  }

  it("SCRAM-SHA-256 with a non-ASCII password and an authzid", async () => {
    const ctx = contextFor(store, { domain: "example.com" });
    const ok = await slixmppAgainst("SCRAM-SHA-256", ctx, [
      "tybalt",
      "Ünïcödé pass",
      "tybalt@example.com",
    ]);
    expect(ok.server).toMatchObject({
      type: "success",
      authcid: "tybalt",
      authzid: "tybalt@example.com",
    });
    expect(ok.driver).toEqual({ type: "done", mutual: true });
    const bad = await slixmppAgainst("SCRAM-SHA-256", ctx, [
      "tybalt",
      "Ünïcödé pass",
      "juliet@example.com",
    ]);
    expect(bad.server).toMatchObject({ type: "failure", condition: "invalid-authzid" });
  });

  it("flag y from slixmpp: accepted without channel binding, a downgrade when we bind", async () => {
    const args = ["juliet", "r0m3o!", "", "00ff"];
    const plain = await slixmppAgainst("SCRAM-SHA-1", contextFor(store), args);
    expect(plain.server).toMatchObject({ type: "success", authcid: "juliet" });
    const ctx = contextFor(store, { channelBindings: { "tls-exporter": utf8("x") } });
    const downgraded = await slixmppAgainst("SCRAM-SHA-1", ctx, args);
    expect(downgraded.server).toMatchObject({
      type: "failure",
      condition: "not-authorized",
      text: "channel-binding downgrade detected",
    });
  });

  it("slixmpp's -PLUS binds to tls-unique (RFC 5929 §3): accepted when the data matches", async () => {
    const args = ["juliet", "r0m3o!", "", "00ff"];
    const bindings = { "tls-exporter": utf8("x"), "tls-unique": new Uint8Array([0x00, 0xff]) };
    const ok = await slixmppAgainst(
      "SCRAM-SHA-256-PLUS",
      contextFor(store, { channelBindings: bindings }),
      args,
    );
    expect(ok.server).toMatchObject({ type: "success", authcid: "juliet" });
    expect(ok.driver).toEqual({ type: "done", mutual: true });

    const other = { "tls-unique": new Uint8Array([0x00, 0xfe]) };
    const mismatch = await slixmppAgainst(
      "SCRAM-SHA-1-PLUS",
      contextFor(store, { channelBindings: other }),
      args,
    );
    expect(mismatch.server).toMatchObject({ type: "failure", condition: "not-authorized" });
  });

  it("slixmpp's -PLUS is refused where we have no tls-unique data", async () => {
    const ctx = contextFor(store, { channelBindings: { "tls-exporter": utf8("x") } });
    const { server } = await slixmppAgainst("SCRAM-SHA-256-PLUS", ctx, [
      "juliet",
      "r0m3o!",
      "",
      "00ff",
    ]);
    expect(server).toMatchObject({
      type: "failure",
      condition: "not-authorized",
      text: "unsupported channel-binding type",
    });
  });
});

describe("our key derivation against Python's hashlib", () => {
  for (const hash of ["SHA-1", "SHA-256", "SHA-512"] as const) {
    it(`StoredKey and ServerKey for ${hash}`, async () => {
      requireSlixmpp();
      const salt = utf8(`salt for ${hash}`);
      const ours = await deriveScramCredentials("pencil ü", hash, { salt, iterations: 4096 });
      const out = spawnSync(
        PYTHON,
        [DRIVER, "derive", hash, "pencil ü", encodeBase64(salt), "4096"],
        {
          encoding: "utf8",
        },
      );
      expect(JSON.parse(out.stdout)).toEqual({
        storedKey: encodeBase64(ours.storedKey),
        serverKey: encodeBase64(ours.serverKey),
      });
    });
  }
});
