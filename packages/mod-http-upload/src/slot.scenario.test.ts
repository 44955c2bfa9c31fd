// XEP-0363 over real sockets: the service's disco (§3), slot requests (§4) and errors (§5).
import { afterEach, describe, expect, it } from "vitest";
import { readUploadConfig } from "./config";
import { UploadConfigError } from "./errors";
import { httpUploadModule } from "./index";
import { STANZAS, UPLOAD, getSlot, requestSlot, stopAll, uploadServer } from "./test-support";
import { startTestServer } from "@parley/server/testing";

afterEach(stopAll);

describe("discovery (§3)", () => {
  it("answers disco#info with store/file, the feature and max-file-size", async () => {
    const t = await uploadServer({ max_file_size: 5242880 });
    const c = await t.login("romeo", { resource: "garden" });
    c.send(
      `<iq type="get" id="d1" to="upload.localhost"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`,
    );
    await c.expect(
      `<iq type="result" id="d1" from="upload.localhost" to="romeo@localhost/garden">
        <query xmlns="http://jabber.org/protocol/disco#info">
          <identity category="store" type="file" name="HTTP File Upload"/>
          <feature var="http://jabber.org/protocol/disco#info"/>
          <feature var="http://jabber.org/protocol/disco#items"/>
          <feature var="${UPLOAD}"/>
          <x xmlns="jabber:x:data" type="result">
            <field var="FORM_TYPE" type="hidden"><value>${UPLOAD}</value></field>
            <field var="max-file-size"><value>5242880</value></field>
          </x>
        </query>
      </iq>`,
    );
  });

  it("has no items, no nodes, and answers other iqs with service-unavailable", async () => {
    const t = await uploadServer();
    const c = await t.login("romeo", { resource: "garden" });
    const items = await c.iq(
      `<iq type="get" to="upload.localhost"><query xmlns="http://jabber.org/protocol/disco#items"/></iq>`,
    );
    expect(items.getChild("query")?.elements()).toEqual([]);
    const node = await c.iq(
      `<iq type="get" to="upload.localhost"><query xmlns="http://jabber.org/protocol/disco#info" node="x"/></iq>`,
    );
    expect(node.getChild("error")?.getChild("item-not-found", STANZAS)).toBeDefined();
    const other = await c.iq(
      `<iq type="set" to="upload.localhost"><request xmlns="${UPLOAD}" filename="a" size="1"/></iq>`,
    );
    expect(other.getChild("error")?.getChild("service-unavailable", STANZAS)).toBeDefined();
    const atJid = await c.iq(
      `<iq type="get" to="x@upload.localhost"><request xmlns="${UPLOAD}" filename="a" size="1"/></iq>`,
    );
    expect(atJid.getChild("error")?.getChild("service-unavailable", STANZAS)).toBeDefined();
  });
});

describe("slot requests (§4)", () => {
  it("returns PUT and GET URLs on the HTTP listener, with the Authorization header", async () => {
    const t = await uploadServer();
    const c = await t.login("romeo", { resource: "garden" });
    c.send(
      `<iq type="get" id="s1" to="upload.localhost"><request xmlns="${UPLOAD}" filename="my juliet.jpg" size="23456" content-type="image/jpeg"/></iq>`,
    );
    const reply = await c.expect(
      `<iq type="result" id="s1" from="upload.localhost" to="romeo@localhost/garden">
        <slot xmlns="${UPLOAD}"><put url="*"><header name="Authorization">*</header></put><get url="*"/></slot>
      </iq>`,
    );
    const slot = reply.getChild("slot")!;
    const put = slot.getChild("put")!.attr("url")!;
    expect(slot.getChild("get")!.attr("url")).toBe(put);
    expect(put).toMatch(
      new RegExp(`^http://localhost:${t.ports.http}/upload/[A-Za-z0-9_-]{24}/my%20juliet\\.jpg$`),
    );
    expect(slot.getChild("put")!.getChildText("header")).toMatch(/^Bearer [A-Za-z0-9_-]{32}$/);
  });

  it("uses the configured public URL and service domain", async () => {
    const t = await uploadServer({ domain: "files.localhost", url: "https://files.example/u/" });
    const c = await t.login("romeo");
    const slot = await requestSlot(c, { filename: "a.txt", size: "3" }, "files.localhost");
    expect(slot.getChild("slot")?.getChild("get")?.attr("url")).toMatch(
      /^https:\/\/files\.example\/u\/[A-Za-z0-9_-]{24}\/a\.txt$/,
    );
  });

  it("gives two requests for the same name two different URLs", async () => {
    const t = await uploadServer();
    const c = await t.login("romeo");
    const a = await getSlot(c, { filename: "a.txt", size: "3" });
    const b = await getSlot(c, { filename: "a.txt", size: "3" });
    expect(a.put).not.toBe(b.put);
  });

  it("sanitises the file name: no directories, no dot-dot, percent-encoded", async () => {
    const t = await uploadServer();
    const c = await t.login("romeo");
    const slot = await getSlot(c, { filename: "../../etc/pass wd?.txt", size: "3" });
    expect(slot.put).toMatch(/\/upload\/[A-Za-z0-9_-]{24}\/pass%20wd_\.txt$/);
  });
});

describe("errors (§5)", () => {
  it("file too large: not-acceptable with <file-too-large><max-file-size/>", async () => {
    const t = await uploadServer({ max_file_size: 20000 });
    const c = await t.login("romeo", { resource: "garden" });
    c.send(
      `<iq type="get" id="big" to="upload.localhost"><request xmlns="${UPLOAD}" filename="my-juliet.jpg" size="23456" content-type="image/jpeg"/></iq>`,
    );
    await c.expect(
      `<iq type="error" id="big" from="upload.localhost" to="romeo@localhost/garden">
        <request xmlns="${UPLOAD}" filename="my-juliet.jpg" size="23456" content-type="image/jpeg"/>
        <error type="modify">
          <not-acceptable xmlns="${STANZAS}"/>
          <text xmlns="${STANZAS}" xml:lang="en">File too large. The maximum file size is 20000 bytes</text>
          <file-too-large xmlns="${UPLOAD}"><max-file-size>20000</max-file-size></file-too-large>
        </error>
      </iq>`,
    );
  });

  it("bad requests: missing or bad size, missing or empty file name, bad content-type", async () => {
    const t = await uploadServer();
    const c = await t.login("romeo");
    const cases: Record<string, string>[] = [
      { filename: "a.txt" },
      { size: "3" },
      { filename: "a.txt", size: "-3" },
      { filename: "a.txt", size: "0" },
      { filename: "a.txt", size: "1e3" },
      { filename: "a.txt", size: "99999999999999999999" },
      { filename: "..", size: "3" },
      { filename: "/", size: "3" },
      { filename: "a.txt", size: "3", "content-type": "not a type" },
    ];
    for (const attrs of cases) {
      const reply = await requestSlot(c, attrs);
      expect(reply.attr("type"), JSON.stringify(attrs)).toBe("error");
      const error = reply.getChild("error")!;
      expect(error.attr("type")).toBe("modify");
      expect(error.getChild("bad-request", STANZAS), JSON.stringify(attrs)).toBeDefined();
    }
  });

  it("quota: resource-constraint with <retry stamp/> when the oldest upload frees space", async () => {
    const t = await uploadServer({ quota: 100, slot_timeout: 60 });
    const c = await t.login("romeo", { resource: "garden" });
    await getSlot(c, { filename: "a.bin", size: "60" });
    await getSlot(c, { filename: "b.bin", size: "40" }); // exactly at the quota
    const before = Date.now();
    const reply = await requestSlot(c, { filename: "c.bin", size: "1" });
    const error = reply.getChild("error")!;
    expect(error.attr("type")).toBe("wait");
    expect(error.getChild("resource-constraint", STANZAS)).toBeDefined();
    const stamp = error.getChild("retry", UPLOAD)!.attr("stamp")!;
    expect(stamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const at = Date.parse(stamp);
    expect(at).toBeGreaterThanOrEqual(before + 59_000);
    expect(at).toBeLessThanOrEqual(Date.now() + 61_000);
    // Another user has their own quota.
    const other = await t.login("juliet");
    expect((await requestSlot(other, { filename: "c.bin", size: "100" })).attr("type")).toBe(
      "result",
    );
  });

  it("a file larger than the whole quota: resource-constraint without retry", async () => {
    const t = await uploadServer({ quota: 10 });
    const c = await t.login("romeo");
    const error = (await requestSlot(c, { filename: "a", size: "11" })).getChild("error")!;
    expect(error.getChild("resource-constraint", STANZAS)).toBeDefined();
    expect(error.getChild("retry", UPLOAD)).toBeUndefined();
  });
});

describe("config", () => {
  it("defaults and validation", () => {
    const c = readUploadConfig({}, "example.com", "/srv/parley");
    expect(c).toMatchObject({
      domain: "upload.example.com",
      url: undefined,
      path: "/srv/parley/data/upload",
      maxFileSize: 100 * 1024 * 1024,
      slotTimeoutMs: 60_000,
      expireAfterMs: 7 * 24 * 3600 * 1000,
    });
    expect(readUploadConfig({ url: "https://x.example/up/" }, "e").url).toBe(
      "https://x.example/up",
    );
    for (const bad of [
      { url: "ftp://x" },
      { url: "not a url" },
      { url: "https://x/?a=1" },
      { max_file_size: 0 },
      { quota: -1 },
      { slot_timeout: 0 },
      { expire_after: "1d" },
      { domain: "" },
    ]) {
      expect(() => readUploadConfig(bad, "e"), JSON.stringify(bad)).toThrow(UploadConfigError);
    }
  });

  it("a bad config stops the server from starting", async () => {
    await expect(
      startTestServer({
        extraModules: [httpUploadModule],
        moduleConfig: { http_upload: { max_file_size: "big" } },
      }),
    ).rejects.toThrow(UploadConfigError);
  });
});
