// Unit tests of the pure parts: module config, the room configuration form, history limits,
// occupant-id and the permission rules.
import { NS } from "@parley/stanza";
import { Element, xml } from "@parley/xml";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { startTestServer } from "@parley/server/testing";
import { historyFor } from "./history";
import { MucConfigError, mucModule, readMucConfig } from "./index";
import { occupantId } from "./occupant-id";
import { type Room as RoomType, Room } from "./room";
import { applyConfigForm, configForm, defaultRoomConfig, restoreConfig } from "./room-config";
import { mayChangeAffiliation, mayChangeRole } from "./roles";

describe("readMucConfig", () => {
  it("defaults and validation", () => {
    expect(readMucConfig({})).toEqual({
      domain: undefined,
      name: "Chatrooms",
      historyLength: 20,
      maxHistoryFetch: 100,
      archiveSize: 1000,
    });
    expect(readMucConfig({ domain: "rooms.example.com", archiveSize: 50 }).maxHistoryFetch).toBe(
      50,
    );
    for (const bad of [
      { domain: "" },
      { domain: "a@b" },
      { archiveSize: -1 },
      { historyLength: 1.5 },
      { historyLength: 30, maxHistoryFetch: 10 },
      { name: 3 },
    ]) {
      expect(() => readMucConfig(bad), JSON.stringify(bad)).toThrow(MucConfigError);
    }
  });

  it("a bad config stops the server from starting", async () => {
    await expect(
      startTestServer({
        extraModules: [mucModule],
        moduleConfig: { muc: { archiveSize: "many" } },
      }),
    ).rejects.toThrow(MucConfigError);
  });
});

const submit = (fields: Record<string, string[]>) =>
  xml(
    "x",
    { xmlns: NS.DATA_FORMS, type: "submit" },
    Object.entries(fields).map(([v, values]) =>
      xml(
        "field",
        { var: v },
        values.map((x) => xml("value", null, x)),
      ),
    ),
  );

describe("room configuration form", () => {
  it("round-trips: the form's own values submitted back change nothing", () => {
    fc.assert(
      fc.property(
        fc.record({
          name: fc.string(),
          persistent: fc.boolean(),
          membersOnly: fc.boolean(),
          maxUsers: fc.constantFrom(0, 10, 50),
          whois: fc.constantFrom("moderators" as const, "anyone" as const),
          historyLength: fc.integer({ min: 0, max: 100 }),
        }),
        (partial) => {
          const config = { ...defaultRoomConfig(20), ...partial };
          const form = configForm(config, "r@s");
          const fields: Record<string, string[]> = {};
          for (const f of form.getChildren("field")) {
            fields[f.attr("var")!] = f.getChildren("value").map((v) => v.text());
          }
          expect(applyConfigForm(defaultRoomConfig(20), submit(fields), 100)).toEqual(config);
        },
      ),
    );
  });

  it("rejects a foreign FORM_TYPE and keeps fields that are left out", () => {
    const base = defaultRoomConfig(20);
    expect(() => applyConfigForm(base, submit({ FORM_TYPE: ["urn:other"] }), 100)).toThrow(
      /FORM_TYPE/,
    );
    expect(applyConfigForm(base, submit({ "muc#roomconfig_roomname": ["x"] }), 100)).toEqual({
      ...base,
      name: "x",
    });
  });

  it("restores stored records, ignoring fields of the wrong type", () => {
    expect(restoreConfig({ name: 5, persistent: true, whois: "nobody" }, 20)).toEqual({
      ...defaultRoomConfig(20),
      persistent: true,
    });
    expect(restoreConfig(null, 7)).toEqual(defaultRoomConfig(7));
  });
});

function roomWith(count: number, historyLength: number): RoomType {
  const room = new Room("r", "r@s", { ...defaultRoomConfig(historyLength) }, "salt");
  for (let i = 0; i < count; i++) {
    const message = new Element("message", { from: "r@s/n", type: "groupchat" }, NS.CLIENT).append(
      xml("body", null, `m${i}`),
    );
    room.archive.push({
      id: `id${i}`,
      key: String(i),
      stamp: new Date(1_000_000 + i * 1000),
      message,
    });
  }
  return room;
}

describe("history limits (§7.2.15)", () => {
  it("never more than maxhistoryfetch or maxstanzas, always the newest, in order", () => {
    fc.assert(
      fc.property(
        fc.nat(30),
        fc.nat(25),
        fc.option(fc.nat(40), { nil: undefined }),
        (count, length, max) => {
          const room = roomWith(count, length);
          const request =
            max === undefined ? undefined : xml("history", { maxstanzas: String(max) });
          const got = historyFor(room, request);
          const expected = Math.min(count, length, max ?? Number.POSITIVE_INFINITY);
          expect(got.map((i) => i.id)).toEqual(
            room.archive.slice(count - expected).map((i) => i.id),
          );
        },
      ),
    );
  });

  it("seconds, since and maxchars", () => {
    const room = roomWith(5, 20);
    const now = 1_000_000 + 4000;
    expect(historyFor(room, xml("history", { seconds: "2" }), now).map((i) => i.id)).toEqual([
      "id2",
      "id3",
      "id4",
    ]);
    const since = new Date(1_000_000 + 3000).toISOString();
    expect(historyFor(room, xml("history", { since })).map((i) => i.id)).toEqual(["id4"]);
    expect(historyFor(room, xml("history", { maxchars: "0" }))).toEqual([]);
    expect(historyFor(room, xml("history", { maxstanzas: "lots" })).length).toBe(5);
  });
});

describe("occupant-id (XEP-0421)", () => {
  it("depends on salt and JID only", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (salt, a, b) => {
        expect(occupantId(salt, a)).toBe(occupantId(salt, a));
        if (a !== b) expect(occupantId(salt, a)).not.toBe(occupantId(salt, b));
        expect(occupantId(salt, a)).toMatch(/^[A-Za-z0-9_-]{43}$/);
      }),
    );
  });
});

describe("permission rules (§8, §9, §10)", () => {
  it("admins manage members and outcasts only; owners everything; others nothing", () => {
    expect(mayChangeAffiliation("owner", "admin", "none")).toBe(true);
    expect(mayChangeAffiliation("admin", "member", "outcast")).toBe(true);
    expect(mayChangeAffiliation("admin", "admin", "none")).toBe(false);
    expect(mayChangeAffiliation("admin", "none", "admin")).toBe(false);
    expect(mayChangeAffiliation("member", "none", "member")).toBe(false);
    expect(mayChangeRole("moderator", "none", "none", "participant", "visitor")).toBe(true);
    expect(mayChangeRole("moderator", "none", "none", "participant", "moderator")).toBe(false);
    expect(mayChangeRole("moderator", "admin", "none", "participant", "moderator")).toBe(true);
    expect(mayChangeRole("moderator", "owner", "admin", "moderator", "none")).toBe(false);
    expect(mayChangeRole("participant", "member", "none", "participant", "none")).toBe(false);
  });
});
