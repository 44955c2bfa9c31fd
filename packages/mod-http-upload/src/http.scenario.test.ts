// The HTTP side over real sockets: PUT into a slot (§6), GET/HEAD of the stored file, CORS,
// expiry and the bad inputs.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getSlot, putFile, requestSlot, stopAll, uploadServer } from "./test-support";

afterEach(stopAll);

const text = (s: string) => new TextEncoder().encode(s);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("upload and download", () => {
  it("PUT → 201, then GET serves the bytes with type, disposition, nosniff and CORS", async () => {
    const t = await uploadServer();
    const c = await t.login("romeo");
    const slot = await getSlot(c, {
      filename: "hello.txt",
      size: "5",
      "content-type": "text/plain",
    });
    const put = await putFile(slot, text("hello"), { "content-type": "text/plain" });
    expect(put.status).toBe(201);
    expect(put.headers.get("access-control-allow-origin")).toBe("*");
    await put.text();

    const get = await fetch(slot.get);
    expect(get.status).toBe(200);
    expect(await get.text()).toBe("hello");
    expect(get.headers.get("content-type")).toBe("text/plain");
    expect(get.headers.get("content-length")).toBe("5");
    expect(get.headers.get("content-disposition")).toBe(
      `inline; filename="hello.txt"; filename*=UTF-8''hello.txt`,
    );
    expect(get.headers.get("x-content-type-options")).toBe("nosniff");
    expect(get.headers.get("access-control-allow-origin")).toBe("*");
    expect(get.headers.get("content-security-policy")).toContain("sandbox");

    const head = await fetch(slot.get, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe("5");
    expect(await head.text()).toBe("");
  });

  it("stores the file on disk under a random folder with the sanitised name", async () => {
    const t = await uploadServer();
    const c = await t.login("romeo");
    const slot = await getSlot(c, { filename: "../x/Ünïcode file.bin", size: "3" });
    const put = await putFile(slot, new Uint8Array([1, 2, 3]), {
      "content-type": "application/x-thing",
    });
    expect(put.status).toBe(201);
    const id = new URL(slot.put).pathname.split("/")[2]!;
    expect(readdirSync(join(t.folder, id))).toEqual(["Ünïcode file.bin"]);
    expect([...readFileSync(join(t.folder, id, "Ünïcode file.bin"))]).toEqual([1, 2, 3]);
    // No Content-Type was requested: the PUT's one is served, as an attachment.
    const get = await fetch(slot.get);
    expect(get.headers.get("content-type")).toBe("application/x-thing");
    expect(get.headers.get("content-disposition")).toMatch(/^attachment; /);
    expect(new Uint8Array(await get.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("serves HTML and SVG as downloads, never inline", async () => {
    const t = await uploadServer();
    const c = await t.login("romeo");
    const body = "<script>alert(1)</script>";
    const slot = await getSlot(c, {
      filename: "x.html",
      size: String(body.length),
      "content-type": "text/html",
    });
    expect((await putFile(slot, body, { "content-type": "text/html" })).status).toBe(201);
    const get = await fetch(slot.get);
    expect(get.headers.get("content-disposition")).toMatch(/^attachment; /);
    await get.text();
  });

  it("answers the CORS preflight", async () => {
    const t = await uploadServer();
    const c = await t.login("romeo");
    const slot = await getSlot(c, { filename: "a.png", size: "1" });
    const res = await fetch(slot.put, {
      method: "OPTIONS",
      headers: {
        origin: "https://web.example",
        "access-control-request-method": "PUT",
        "access-control-request-headers": "content-type, authorization",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-methods")).toBe("GET, HEAD, PUT, OPTIONS");
    expect(res.headers.get("access-control-allow-headers")).toBe("Content-Type, Authorization");
  });
});

describe("bad uploads", () => {
  it("a second PUT into the same slot gets 409 and the first file stays", async () => {
    const t = await uploadServer();
    const c = await t.login("romeo");
    const slot = await getSlot(c, { filename: "a.txt", size: "3" });
    expect((await putFile(slot, "one")).status).toBe(201);
    const again = await putFile(slot, "two");
    expect(again.status).toBe(409);
    await again.text();
    expect(await (await fetch(slot.get)).text()).toBe("one");
  });

  it("Content-Length other than the slot's size: refused, nothing stored", async () => {
    const t = await uploadServer();
    const c = await t.login("romeo");
    const slot = await getSlot(c, { filename: "a.txt", size: "3" });
    const longer = await putFile(slot, "four");
    expect(longer.status).toBe(413);
    await longer.text().catch(() => "");
    const shorter = await putFile(slot, "tw");
    expect(shorter.status).toBe(400);
    await shorter.text().catch(() => "");
    expect((await fetch(slot.get)).status).toBe(404);
    // The slot is still usable with the right body (the client MAY retry, §6).
    expect((await putFile(slot, "abc")).status).toBe(201);
  });

  it("a Content-Type other than the requested one: 415", async () => {
    const t = await uploadServer();
    const c = await t.login("romeo");
    const slot = await getSlot(c, { filename: "a.jpg", size: "3", "content-type": "image/jpeg" });
    const res = await putFile(slot, "abc", { "content-type": "text/html" });
    expect(res.status).toBe(415);
    await res.text().catch(() => "");
    expect((await putFile(slot, "abc", { "content-type": "image/jpeg" })).status).toBe(201);
  });

  it("a missing or wrong Authorization header: 403", async () => {
    const t = await uploadServer();
    const c = await t.login("romeo");
    const slot = await getSlot(c, { filename: "a.txt", size: "3" });
    const none = await fetch(slot.put, { method: "PUT", body: "abc" });
    expect(none.status).toBe(403);
    await none.text();
    const wrong = await putFile(slot, "abc", { authorization: "Bearer nope" });
    expect(wrong.status).toBe(403);
    await wrong.text();
  });

  it("PUT after the slot expired: 410 Gone", async () => {
    const t = await uploadServer({ slot_timeout: 0.1, sweep_interval: 60 });
    const c = await t.login("romeo");
    const slot = await getSlot(c, { filename: "a.txt", size: "3" });
    // Time must pass on purpose: at least the 0.1 s slot timeout (a busy machine only waits longer).
    await sleep(150);
    const res = await putFile(slot, "abc");
    expect(res.status).toBe(410);
    await res.text();
  });

  it("a body without Content-Length (chunked): 411", async () => {
    const t = await uploadServer();
    const c = await t.login("romeo");
    const slot = await getSlot(c, { filename: "a.txt", size: "3" });
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(text("abc"));
        controller.close();
      },
    });
    const res = await fetch(slot.put, {
      method: "PUT",
      body,
      headers: slot.headers,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(411);
    await res.text();
  });

  it("unknown slots, wrong names and other methods", async () => {
    const t = await uploadServer();
    const c = await t.login("romeo");
    const slot = await getSlot(c, { filename: "a.txt", size: "3" });
    const base = `http://127.0.0.1:${t.ports.http}/upload`;
    const id = new URL(slot.put).pathname.split("/")[2]!;
    for (const path of [
      `${base}/${id}/b.txt`,
      `${base}/${id}/%E0%A4%A`,
      `${base}/${id}`,
      `${base}/${id}/a.txt/more`,
      `${base}/../../etc/passwd`,
      `${base}/AAAAAAAAAAAAAAAAAAAAAAAA/a.txt`,
    ]) {
      const res = await fetch(path, { method: "PUT", body: "abc", headers: slot.headers });
      expect(res.status, path).toBe(404);
      await res.text();
    }
    const del = await fetch(slot.get, { method: "DELETE" });
    expect(del.status).toBe(405);
    expect(del.headers.get("allow")).toBe("GET, HEAD, PUT, OPTIONS");
    await del.text();
    // Before the upload the GET URL has nothing to serve.
    expect((await fetch(slot.get)).status).toBe(404);
  });
});

describe("expiry", () => {
  it("sweeps slots whose PUT URL ended unused", async () => {
    // The slot lives 1 s: long enough to see it stored even on a busy machine.
    const t = await uploadServer({ slot_timeout: 1, sweep_interval: 0.05 });
    const c = await t.login("romeo");
    const slot = await getSlot(c, { filename: "a.txt", size: "3" });
    expect(await t.storage.kv.entries("http_upload", "romeo@localhost")).toHaveLength(1);
    await vi.waitFor(async () =>
      expect(await t.storage.kv.entries("http_upload", "romeo@localhost")).toEqual([]),
    );
    const res = await putFile(slot, "abc");
    expect(res.status).toBe(404);
    await res.text();
  });

  it("deletes files older than expire_after, on disk and in the store", async () => {
    // Files live 1 s: long enough to GET one even on a busy machine.
    const t = await uploadServer({ expire_after: 1, sweep_interval: 0.05 });
    const c = await t.login("romeo");
    const slot = await getSlot(c, { filename: "a.txt", size: "3" });
    expect((await putFile(slot, "abc")).status).toBe(201);
    expect((await fetch(slot.get)).status).toBe(200);
    const id = new URL(slot.put).pathname.split("/")[2]!;
    expect(existsSync(join(t.folder, id))).toBe(true);
    // The sweep removes the file, then the record: wait for both (one sweep, two steps).
    await vi.waitFor(async () => {
      expect(existsSync(join(t.folder, id))).toBe(false);
      expect(await t.storage.kv.entries("http_upload", "romeo@localhost")).toEqual([]);
    });
    expect((await fetch(slot.get)).status).toBe(404);
  });

  it("frees quota once files expire", async () => {
    // Files live 1 s (no sweep meanwhile): long enough to see the quota full on a busy machine.
    const t = await uploadServer({ quota: 5, expire_after: 1, sweep_interval: 10 });
    const c = await t.login("romeo");
    const slot = await getSlot(c, { filename: "a.txt", size: "5" });
    expect((await putFile(slot, "abcde")).status).toBe(201);
    expect((await requestSlot(c, { filename: "b", size: "1" })).attr("type")).toBe("error");
    // Refused until the file expires, then granted.
    await vi.waitFor(
      async () =>
        expect((await requestSlot(c, { filename: "b", size: "1" })).attr("type")).toBe("result"),
      { interval: 100 },
    );
  });
});
