// Reads a V8 .cpuprofile (node --cpu-prof) and ranks functions by self time: each sample's time
// delta goes to the node that was on top of the stack, then nodes are merged per function.
import { readFileSync } from "node:fs";

/** Where a function lives, without this machine's paths: repo-relative or package-relative. */
export function shortUrl(url, root) {
  if (!url) return "";
  let u = url.replace(/^file:\/\//, "");
  const nm = u.lastIndexOf("/node_modules/");
  if (nm >= 0) return u.slice(nm + "/node_modules/".length);
  if (u.startsWith(root)) u = u.slice(root.length);
  return u;
}

export function topSelfTime(file, { root, limit = 15 }) {
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    // timeDeltas[i] is the time before sample i; charge it to the sample's node.
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + (timeDeltas[i] ?? 0));
  }
  const merged = new Map();
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const { callFrame } = byId.get(id);
    const name = callFrame.functionName || "(anonymous)";
    if (name === "(idle)") {
      idle += us;
      continue;
    }
    total += us;
    const where = shortUrl(callFrame.url, root);
    const key = `${name} ${where}:${callFrame.lineNumber + 1}`;
    const entry = merged.get(key) ?? {
      name,
      where: where ? `${where}:${callFrame.lineNumber + 1}` : "",
      us: 0,
    };
    entry.us += us;
    merged.set(key, entry);
  }
  const top = [...merged.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, limit)
    .map((e) => ({
      function: e.name,
      where: e.where,
      self_ms: Math.round(e.us / 1000),
      pct_busy: Number(((100 * e.us) / total).toFixed(1)),
    }));
  return { busy_ms: Math.round(total / 1000), idle_ms: Math.round(idle / 1000), top };
}
