import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEFAULT_PARAMS, generateMonorepo, LIBRARY_DIR, REFACTOR, type GeneratedFiles } from "../../bench/monorepo.js";

/** The benchmarks' generated monorepo: its size, its shape, and the same bytes for the same parameters. */

function digest(files: ReadonlyMap<string, string>): string {
  const hash = createHash("sha256");
  for (const [path, content] of [...files].sort(([a], [b]) => a.localeCompare(b))) hash.update(`${path}\0${content}\0`);
  return hash.digest("hex");
}

const generated: GeneratedFiles = generateMonorepo();
const tsFiles = [...generated.base.keys()].filter((p) => p.endsWith(".ts"));

describe("the generated monorepo", () => {
  it("has at least 2,000 TypeScript files and about 20,000 resource registrations", () => {
    expect(generated.counts.tsFiles).toBe(tsFiles.length);
    expect(generated.counts.tsFiles).toBeGreaterThanOrEqual(2000);
    expect(generated.counts.registrations).toBeGreaterThanOrEqual(19_000);
    expect(generated.counts.registrations).toBeLessThanOrEqual(22_000);
    const perProject = Object.values(generated.counts.perProject);
    expect(perProject).toHaveLength(DEFAULT_PARAMS.projects);
    expect(perProject.reduce((a, b) => a + b, 0)).toBe(generated.counts.registrations);
  });

  it("is a set of Pulumi projects, each with Pulumi.yaml, tsconfig.json and index.ts, over one shared library", () => {
    expect(generated.projects).toHaveLength(DEFAULT_PARAMS.projects);
    for (const project of generated.projects) {
      for (const file of ["Pulumi.yaml", "tsconfig.json", "index.ts"])
        expect(generated.base.has(`${project}/${file}`)).toBe(true);
      expect(generated.base.get(`${project}/Pulumi.yaml`)).toMatch(/^name: [a-z-]+\nruntime:\n {2}name: nodejs/);
    }
    expect(generated.base.get(`${LIBRARY_DIR}/src/index.ts`)).toContain('export * from "./data";');
    expect(generated.base.get("tsconfig.base.json")).toContain('"@acme/platform"');
  });

  it("writes components that parent their children, subclasses, loops, factories and config-driven values", () => {
    const library = [...generated.base].filter(([p]) => p.startsWith(`${LIBRARY_DIR}/src/`)).map(([, c]) => c);
    const all = library.join("\n");
    expect(all).toMatch(/extends PlatformComponent \{/);
    expect(all).toMatch(/export class \w+ extends (?!PlatformComponent)\w+ \{/);
    expect(all).toContain("{ parent: this");
    expect(all).toContain("this.registerOutputs(");
    expect(all).toContain('for (const access of ["read","write"])');
    expect(all).toContain('(["a", "b", "c"] as const).map(');
    expect(all).toMatch(/(queueWithDeadLetter|lambdaWithRole|privateBucket|errorAlarm)\(`\$\{name\}-/);
    expect(all).toContain('config.getNumber("logRetentionDays")');
    expect(all).toContain("@deprecated renamed to");
    expect(generated.counts.configNamed).toBeGreaterThan(0);
  });

  it("gives the same files for the same parameters, and other files for another seed", () => {
    const again = generateMonorepo();
    expect(digest(again.base)).toBe(digest(generated.base));
    expect(digest(again.head)).toBe(digest(generated.head));
    expect(again.counts).toEqual(generated.counts);
    const other = generateMonorepo({ ...DEFAULT_PARAMS, seed: DEFAULT_PARAMS.seed + 1 });
    expect(digest(other.base)).not.toBe(digest(generated.base));
  });

  it("refactors in the head revision: renames and moves with and without aliases, removals, moved files", () => {
    const added = (pattern: RegExp): number => {
      let n = 0;
      for (const [path, head] of generated.head) {
        const base = generated.base.get(path) ?? "";
        n += (head.match(pattern)?.length ?? 0) - (base.match(pattern)?.length ?? 0);
      }
      return n;
    };
    // Renames by name, moves from the stack into a component, and the one renamed child in the library.
    expect(added(/aliases: \[\{ name: "/g)).toBe(REFACTOR.renamedWithAlias);
    expect(added(/aliases: \[\{ parent: pulumi\.rootStackResource \}\]/g)).toBe(REFACTOR.movedWithAlias);
    expect(added(/aliases: \[\{ name: `\$\{name\}-/g)).toBe(1);
    expect(added(/-v2"/g)).toBe(REFACTOR.renamedWithAlias + REFACTOR.renamedWithoutAlias);
    const moved = [...generated.head.keys()].filter((p) => p.includes("/legacy/"));
    expect(moved).toHaveLength(REFACTOR.filesMoved);
    for (const path of moved) expect(generated.base.has(path.replace("/legacy/", "/"))).toBe(true);
    const removed = Object.entries(generated.counts.perProject).reduce(
      (n, [project, count]) => n + count - generated.counts.perProjectHead[project]!,
      0,
    );
    expect(removed).toBe(REFACTOR.statefulRemoved);
  });
});
