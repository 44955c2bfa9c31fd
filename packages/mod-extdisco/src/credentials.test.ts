import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { turnRestCredentials, xepDateTime } from "./credentials";

describe("TURN REST credentials (draft-uberti-behave-turn-rest-00 §2.2)", () => {
  it("username = expiry:user, password = base64 HMAC-SHA1 of it", () => {
    const c = turnRestCredentials("north", "romeo@example.com", 86400, 1_700_000_000_500);
    expect(c.expiresAt).toBe(1_700_086_400);
    expect(c.username).toBe("1700086400:romeo@example.com");
    // Independent check with a fixed vector computed by the RFC 2104 definition.
    expect(c.password).toBe(
      createHmac("sha1", "north").update("1700086400:romeo@example.com").digest("base64"),
    );
    expect(c.password).toHaveLength(28); // 20 bytes in base64
  });

  it("differs per secret and per user, and always expires ttl seconds later", () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.integer({ min: 1, max: 1e6 }),
        (secret, user, ttl) => {
          const now = 1_600_000_000_000;
          const a = turnRestCredentials(`${secret}a`, user, ttl, now);
          const b = turnRestCredentials(`${secret}b`, user, ttl, now);
          expect(a.password).not.toBe(b.password);
          expect(a.expiresAt).toBe(1_600_000_000 + ttl);
        },
      ),
    );
  });

  it("writes XEP-0082 stamps without fractions", () => {
    expect(xepDateTime(Date.UTC(2024, 0, 2, 3, 4, 5, 678))).toBe("2024-01-02T03:04:05Z");
  });
});
