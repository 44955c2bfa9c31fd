// Property tests: whatever bytes arrive, no server mechanism throws, and nothing but a correct
// exchange succeeds.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { accounts, contextFor, utf8 } from "../test/helpers.js";
import { createServerMechanism } from "./server.js";
import type { MechanismName, ServerStep } from "./types.js";

const store = await accounts({ juliet: "r0m3o!" });
const bindings = { "tls-exporter": utf8("exp"), "tls-server-end-point": utf8("cert") };
const ctx = contextFor(store, {
  channelBindings: bindings,
  anonymousUsername: () => "anon",
  verifyExternal: async () => undefined,
});
const names: MechanismName[] = [
  "PLAIN",
  "EXTERNAL",
  "SCRAM-SHA-1",
  "SCRAM-SHA-1-PLUS",
  "SCRAM-SHA-256",
  "SCRAM-SHA-256-PLUS",
  "SCRAM-SHA-512",
  "SCRAM-SHA-512-PLUS",
];
const isFailure = (step: ServerStep) =>
  step.type === "failure" && typeof step.condition === "string";

// Pieces of real SCRAM messages, so the fuzzer gets past the first checks.
const token = fc.constantFrom(
  "n",
  "y",
  "p=tls-exporter",
  "p=tls-unique",
  ",",
  "a=",
  "n=",
  "r=",
  "m=",
  "c=",
  "p=",
  "s=",
  "i=",
  "=2C",
  "=3D",
  "=",
  "juliet",
  "biws",
  "4096",
  "AAAA",
  "\u00ff",
  "\0",
  "\u{1F600}",
);
const scramish = fc.array(token, { maxLength: 16 }).map((parts) => utf8(parts.join("")));
const message = fc.oneof(fc.uint8Array({ maxLength: 300 }), scramish);

describe("server mechanisms under random input", () => {
  it.each(names)("%s: random first messages never throw and never succeed", async (name) => {
    await fc.assert(
      fc.asyncProperty(message, async (data) => {
        const step = await createServerMechanism(name, ctx).step(data);
        expect(step.type).not.toBe("success");
        if (step.type === "challenge") expect(name.startsWith("SCRAM")).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it.each(names.filter((n) => n.startsWith("SCRAM")))(
    "%s: random second messages after a valid first always fail",
    async (name) => {
      const first = name.endsWith("-PLUS") ? "p=tls-exporter,,n=juliet,r=abc" : "n,,n=juliet,r=abc";
      await fc.assert(
        fc.asyncProperty(message, fc.boolean(), async (data, thenNull) => {
          const mechanism = createServerMechanism(name, ctx);
          expect((await mechanism.step(utf8(first))).type).toBe("challenge");
          const step = await mechanism.step(thenNull ? null : data);
          expect(isFailure(step)).toBe(true);
          expect(isFailure(await mechanism.step(data))).toBe(true);
        }),
        { numRuns: 100 },
      );
    },
  );

  it("ANONYMOUS: random input never throws; invalid UTF-8 or control characters fail", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (data) => {
        const step = await createServerMechanism("ANONYMOUS", ctx).step(data);
        let valid = true;
        try {
          const trace = new TextDecoder("utf-8", { fatal: true }).decode(data);
          valid = [...trace].length <= 255 && !/[\u0000-\u001f\u007f]/.test(trace);
        } catch {
          valid = false;
        }
        expect(step.type).toBe(valid ? "success" : "failure");
      }),
      { numRuns: 300 },
    );
  });

  it("unknown mechanism names always fail with invalid-mechanism", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), message, async (name, data) => {
        fc.pre(!(names as string[]).includes(name) && name !== "ANONYMOUS");
        const step = await createServerMechanism(name, ctx).step(data);
        expect(step).toEqual({ type: "failure", condition: "invalid-mechanism" });
      }),
      { numRuns: 100 },
    );
  });
});
