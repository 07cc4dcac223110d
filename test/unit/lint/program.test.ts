import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import {
  clearProjectCache,
  DEFAULT_SETTINGS,
  isProgramFile,
  parseSettings,
  pulumiEntryOf,
  SettingsError,
} from "../../../lint-rules/eslint/analysis/program.js";
import { noConditionalResource } from "../../../lint-rules/eslint/rules/no-conditional-resource.js";
import { PROGRAM_MODULE, src, typedRuleTester } from "./rule-tester.js";

/** Library code versus program code: which module is the entry of a Pulumi project, and the settings. */

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "stateguard-lint-"));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

const YAML = "name: p\nruntime: nodejs\n";

describe("the entry of a Pulumi project", () => {
  beforeEach(() => {
    clearProjectCache();
  });

  it("is index.ts when nothing says otherwise", () => {
    const dir = project({ "Pulumi.yaml": YAML, "index.ts": "", "lib.ts": "" });
    expect(pulumiEntryOf(dir)).toBe(join(dir, "index.ts"));
    expect(isProgramFile(join(dir, "index.ts"), DEFAULT_SETTINGS, dir)).toBe(true);
    expect(isProgramFile(join(dir, "lib.ts"), DEFAULT_SETTINGS, dir)).toBe(false);
  });

  it("is package.json's main, a compiled .js name standing for its .ts source", () => {
    const dir = project({
      "Pulumi.yaml": YAML,
      "package.json": JSON.stringify({ main: "src/main.js" }),
      "src/main.ts": "",
      "index.ts": "",
    });
    expect(pulumiEntryOf(dir)).toBe(join(dir, "src", "main.ts"));
    expect(isProgramFile(join(dir, "index.ts"), DEFAULT_SETTINGS, dir)).toBe(false);
  });

  it("is Pulumi.yaml's main: a file, or a directory with its own package.json or index.ts", () => {
    const file = project({ "Pulumi.yaml": `${YAML}main: app/stack.ts\n`, "app/stack.ts": "" });
    expect(pulumiEntryOf(file)).toBe(join(file, "app", "stack.ts"));
    const dir = project({ "Pulumi.yml": `${YAML}main: infra/\n`, "infra/index.ts": "", "index.ts": "" });
    expect(pulumiEntryOf(dir)).toBe(join(dir, "infra", "index.ts"));
    const nested = project({
      "Pulumi.yaml": `${YAML}main: infra\n`,
      "infra/package.json": JSON.stringify({ main: "program.ts" }),
      "infra/program.ts": "",
    });
    expect(pulumiEntryOf(nested)).toBe(join(nested, "infra", "program.ts"));
  });

  it("is found from files in subdirectories, and there is none outside a Pulumi project", () => {
    const dir = project({ "Pulumi.yaml": YAML, "index.ts": "", "lib/net.ts": "" });
    expect(isProgramFile(join(dir, "lib", "net.ts"), DEFAULT_SETTINGS, dir)).toBe(false);
    const none = project({ "index.ts": "" });
    expect(isProgramFile(join(none, "index.ts"), DEFAULT_SETTINGS, none)).toBe(false);
  });

  it("can be switched off, and more program files added by glob", () => {
    const dir = project({ "Pulumi.yaml": YAML, "index.ts": "", "stacks/a.ts": "" });
    const off = parseSettings({ detectEntries: false });
    expect(isProgramFile(join(dir, "index.ts"), off, dir)).toBe(false);
    const globs = parseSettings({ programFiles: ["stacks/*.ts"] });
    expect(isProgramFile(join(dir, "stacks", "a.ts"), globs, dir)).toBe(true);
    expect(isProgramFile(join(dir, "index.ts"), globs, dir)).toBe(true);
  });
});

describe("settings.stateguard", () => {
  it("defaults when absent and rejects unknown properties and wrong types by name", () => {
    expect(parseSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(() => parseSettings({ programFile: [] })).toThrow(/unknown property "programFile"/);
    expect(() => parseSettings({ programFiles: "index.ts" })).toThrow(SettingsError);
    expect(() => parseSettings({ detectEntries: "yes" })).toThrow(/detectEntries must be a boolean/);
    expect(() => parseSettings([])).toThrow(/must be an object/);
  });
});

typedRuleTester().run("settings through ESLint", noConditionalResource, {
  valid: [
    {
      name: "programFiles makes another module's top level program code",
      filename: PROGRAM_MODULE,
      settings: { stateguard: { programFiles: ["**/program/network.ts"] } },
      code: src(`const cfg = new pulumi.Config();`, `if (cfg.getBoolean("logs")) new aws.s3.Bucket("logs");`),
    },
  ],
  invalid: [
    {
      name: "without it, the same code is library code",
      filename: PROGRAM_MODULE,
      code: src(`const cfg = new pulumi.Config();`, `if (cfg.getBoolean("logs")) new aws.s3.Bucket("logs");`),
      errors: [{ messageId: "conditional", line: 4, column: 29 }],
    },
  ],
});
