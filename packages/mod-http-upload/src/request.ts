// XEP-0363 §4 slot requests and §5 errors: checks the request, reserves a slot, answers with the
// PUT and GET URLs.
import { randomBytes } from "node:crypto";
import type { Jid } from "@parley/jid";
import { NS, StanzaError } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";
import type { UploadConfig } from "./config";
import { mediaTypeOf, sanitizeFilename } from "./filename";
import { checkQuota, xepStamp } from "./quota";
import type { SlotRecord, SlotStore } from "./slots";

const en = (text: string) => ({ text, lang: "en" });

function badRequest(text: string): StanzaError {
  return new StanzaError("bad-request", en(text));
}

export interface SlotRequest {
  name: string;
  size: number;
  type: string | undefined;
}

/** The checked attributes of `<request filename size content-type/>`. */
export function parseRequest(request: Element): SlotRequest {
  const filename = request.attr("filename");
  const sizeText = request.attr("size");
  if (filename === undefined || sizeText === undefined) {
    throw badRequest("the request needs 'filename' and 'size' (XEP-0363 §4)");
  }
  if (!/^[0-9]{1,16}$/.test(sizeText) || Number(sizeText) < 1) {
    throw badRequest("'size' must be a positive whole number of bytes");
  }
  const name = sanitizeFilename(filename);
  if (name === undefined) throw badRequest("'filename' has no usable characters");
  const rawType = request.attr("content-type");
  const type = rawType === undefined || rawType.trim() === "" ? undefined : mediaTypeOf(rawType);
  if (rawType !== undefined && rawType.trim() !== "" && type === undefined) {
    throw badRequest("'content-type' is not a media type");
  }
  return { name, size: Number(sizeText), type };
}

/** §5: `<not-acceptable/>` with `<file-too-large><max-file-size/></file-too-large>`. */
export function fileTooLarge(max: number): StanzaError {
  return new StanzaError("not-acceptable", {
    type: "modify",
    ...en(`File too large. The maximum file size is ${max} bytes`),
    application: xml(
      "file-too-large",
      { xmlns: NS.HTTP_UPLOAD },
      xml("max-file-size", null, String(max)),
    ),
  });
}

/** §5: a temporary quota error, with `<retry stamp/>` when we know when space frees up. */
export function quotaReached(retryAt: number | undefined): StanzaError {
  return new StanzaError("resource-constraint", {
    type: "wait",
    ...en("Quota reached: delete or wait for older uploads to expire"),
    application:
      retryAt === undefined
        ? undefined
        : xml("retry", { xmlns: NS.HTTP_UPLOAD, stamp: xepStamp(retryAt) }),
  });
}

export interface SlotDeps {
  config: UploadConfig;
  slots: SlotStore;
  /** Public base URL (no trailing slash), undefined while unknown. */
  baseUrl(): string | undefined;
  isLocalHost(domain: string): boolean;
  now?: () => number;
}

/** Answers a slot request from `from`; throws StanzaError for every refusal. */
export async function requestSlot(deps: SlotDeps, from: Jid, request: Element): Promise<Element> {
  const { config, slots } = deps;
  // §5 permanent error: only accounts of this server may upload.
  if (!from.local || !deps.isLocalHost(from.domain)) {
    throw new StanzaError("not-allowed", {
      type: "cancel",
      ...en("Only users of this server may upload files"),
    });
  }
  const wanted = parseRequest(request);
  if (wanted.size > config.maxFileSize) throw fileTooLarge(config.maxFileSize);
  const base = deps.baseUrl();
  if (base === undefined) {
    throw new StanzaError("service-unavailable", en("the upload service has no HTTP listener"));
  }
  const owner = from.bare().toString();
  const now = deps.now?.() ?? Date.now();
  const verdict = checkQuota(
    await slots.ofOwner(owner),
    wanted.size,
    config.quota,
    config.expireAfterMs,
    now,
  );
  if (!verdict.ok) throw quotaReached(verdict.retryAt);

  const record: SlotRecord = {
    id: randomBytes(18).toString("base64url"), // 144 bits: XEP-0363 §8 "long randomized parts"
    owner,
    name: wanted.name,
    size: wanted.size,
    type: wanted.type,
    token: randomBytes(24).toString("base64url"),
    putUntil: now + config.slotTimeoutMs,
    uploadedAt: undefined,
  };
  await slots.save(record);
  const url = `${base}/${record.id}/${encodeURIComponent(record.name)}`;
  return xml(
    "slot",
    { xmlns: NS.HTTP_UPLOAD },
    // §4: header elements the client MUST repeat on the PUT (Authorization is one it may carry).
    xml("put", { url }, xml("header", { name: "Authorization" }, `Bearer ${record.token}`)),
    xml("get", { url }),
  );
}
