// The module's section of the server config: `modules: { http_upload: { … } }`. Sizes in bytes,
// durations in seconds (fractions allowed), as in the README's table.
import { join } from "node:path";
import { UploadConfigError } from "./errors";

export interface UploadConfig {
  /** Domain of the upload service (XEP-0363 §3: a separate entity), default `upload.<domain>`. */
  domain: string;
  /** Public base URL of the slots; undefined = `http://<domain>:<http port>/upload` once started. */
  url: string | undefined;
  /** Folder of the stored files. */
  path: string;
  /** Largest file accepted (XEP-0363 §3 `max-file-size`, §5 file-too-large). */
  maxFileSize: number;
  /** Bytes a user may keep stored (uploaded and reserved); 0 = no quota. */
  quota: number;
  /** How long a PUT URL stays valid (XEP-0363 §7: about 60 s recommended). */
  slotTimeoutMs: number;
  /** Files are deleted this long after their upload; 0 = kept forever. */
  expireAfterMs: number;
  /** How often expired files and unused slots are swept. */
  sweepIntervalMs: number;
}

export const UPLOAD_DEFAULTS = {
  maxFileSize: 100 * 1024 * 1024,
  quota: 1024 * 1024 * 1024,
  slotTimeout: 60,
  expireAfter: 7 * 24 * 3600,
  sweepInterval: 3600,
} as const;

/** The HTTP path prefix the module serves on the server's HTTP listener. */
export const UPLOAD_PATH = "/upload";

type Raw = Readonly<Record<string, unknown>>;

function num(config: Raw, key: string, fallback: number): number {
  const value = config[key];
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new UploadConfigError(
      `modules.http_upload.${key} must be a number >= 0, got ${String(value)}`,
    );
  }
  return value;
}

function str(config: Raw, key: string): string | undefined {
  const value = config[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value === "") {
    throw new UploadConfigError(`modules.http_upload.${key} must be a non-empty string`);
  }
  return value;
}

/** Reads and checks the config; `host` is the server's first domain. */
export function readUploadConfig(config: Raw, host: string, cwd = process.cwd()): UploadConfig {
  const url = str(config, "url");
  if (url !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new UploadConfigError(`modules.http_upload.url is not a URL: ${url}`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      throw new UploadConfigError("modules.http_upload.url must be an http: or https: URL");
    }
    if (parsed.search || parsed.hash) {
      throw new UploadConfigError("modules.http_upload.url must have no query or fragment");
    }
  }
  const maxFileSize = num(config, "max_file_size", UPLOAD_DEFAULTS.maxFileSize);
  if (maxFileSize < 1)
    throw new UploadConfigError("modules.http_upload.max_file_size must be >= 1");
  const slotTimeout = num(config, "slot_timeout", UPLOAD_DEFAULTS.slotTimeout);
  if (slotTimeout === 0)
    throw new UploadConfigError("modules.http_upload.slot_timeout must be > 0");
  const sweep = num(config, "sweep_interval", UPLOAD_DEFAULTS.sweepInterval);
  if (sweep === 0) throw new UploadConfigError("modules.http_upload.sweep_interval must be > 0");
  return {
    domain: (str(config, "domain") ?? `upload.${host}`).toLowerCase(),
    url: url?.replace(/\/+$/, ""),
    path: str(config, "path") ?? join(cwd, "data", "upload"),
    maxFileSize: Math.floor(maxFileSize),
    quota: Math.floor(num(config, "quota", UPLOAD_DEFAULTS.quota)),
    slotTimeoutMs: slotTimeout * 1000,
    expireAfterMs: num(config, "expire_after", UPLOAD_DEFAULTS.expireAfter) * 1000,
    sweepIntervalMs: sweep * 1000,
  };
}
