// Node's young generation (V8 semi-spaces) grows to 16 MB × 2 under a login burst and never
// shrinks: with many idle connections that is most of the server's RSS per connection. Keeping
// it from growing costs more frequent minor GCs and saves ~25 KB per idle connection (measured
// with bench/ idle, 1,000 connections: 41 → 16 KB). PARLEY_YOUNG_GENERATION=grow keeps V8's
// default.
import { setFlagsFromString } from "node:v8";

export function limitYoungGeneration(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.PARLEY_YOUNG_GENERATION === "grow") return false;
  setFlagsFromString("--semi-space-growth-factor=1");
  return true;
}
