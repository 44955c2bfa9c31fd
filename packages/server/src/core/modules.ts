// Module set-up order: enabled modules sorted so that each comes after what it depends on.
import { ServerConfigError } from "../errors";
import type { ModuleDefinition } from "../module-api";

export function orderModules(
  all: readonly ModuleDefinition[],
  config: Readonly<Record<string, unknown>>,
): ModuleDefinition[] {
  const enabled = new Map<string, ModuleDefinition>();
  for (const m of all) {
    if (config[m.name] === false) continue;
    if (enabled.has(m.name)) throw new ServerConfigError(`module "${m.name}" is listed twice`);
    enabled.set(m.name, m);
  }
  const ordered: ModuleDefinition[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (m: ModuleDefinition, path: string[]) => {
    const s = state.get(m.name);
    if (s === "done") return;
    if (s === "visiting") {
      throw new ServerConfigError(`module dependency cycle: ${[...path, m.name].join(" -> ")}`);
    }
    state.set(m.name, "visiting");
    for (const dep of m.dependsOn ?? []) {
      const d = enabled.get(dep);
      if (!d) {
        throw new ServerConfigError(`module "${m.name}" needs "${dep}", which is not enabled`);
      }
      visit(d, [...path, m.name]);
    }
    state.set(m.name, "done");
    ordered.push(m);
  };
  for (const m of enabled.values()) visit(m, []);
  return ordered;
}
