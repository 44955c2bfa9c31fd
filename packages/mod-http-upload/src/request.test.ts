import { Jid } from "@parley/jid";
import { MemoryStorage } from "@parley/storage";
import { StanzaError } from "@parley/stanza";
import { xml } from "@parley/xml";
import { describe, expect, it } from "vitest";
import { readUploadConfig } from "./config";
import { requestSlot } from "./request";
import { SlotStore } from "./slots";

const UPLOAD = "urn:xmpp:http:upload:0";

function deps(baseUrl: string | null = "https://u.example/upload") {
  return {
    config: readUploadConfig({}, "example.com", "/tmp"),
    slots: new SlotStore(new MemoryStorage().kv, "upload.example.com"),
    baseUrl: () => baseUrl ?? undefined,
    isLocalHost: (d: string) => d === "example.com",
  };
}

const request = xml("request", { xmlns: UPLOAD, filename: "a.txt", size: "3" });

describe("requestSlot", () => {
  it("refuses users of other servers and bare domains: not-allowed (cancel)", async () => {
    for (const from of ["romeo@remote.example/x", "example.com", "remote.example"]) {
      const error = await requestSlot(deps(), Jid.parse(from), request).catch((e) => e);
      expect(error, from).toBeInstanceOf(StanzaError);
      expect(error.condition).toBe("not-allowed");
      expect(error.type).toBe("cancel");
    }
  });

  it("service-unavailable while the public URL is unknown (no HTTP listener)", async () => {
    const error = await requestSlot(deps(null), Jid.parse("romeo@example.com/x"), request)
      .then(() => undefined)
      .catch((e) => e);
    expect(error?.condition).toBe("service-unavailable");
  });

  it("records the slot for the owner and the service", async () => {
    const d = deps();
    const slot = await requestSlot(d, Jid.parse("romeo@example.com/x"), request);
    const url = slot.getChild("get")!.attr("url")!;
    const id = url.split("/")[4]!;
    const record = await d.slots.get(id);
    expect(record).toMatchObject({ owner: "romeo@example.com", name: "a.txt", size: 3 });
    expect(await d.slots.ofOwner("romeo@example.com")).toHaveLength(1);
  });
});
