// The version of @parley/server, read from its package.json (the server is Node-only).
import pkg from "../../../package.json" with { type: "json" };

export const PARLEY_VERSION: string = pkg.version;
