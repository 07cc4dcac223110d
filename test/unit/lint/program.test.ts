import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import {
  clearProjectCache,
  DEFAULT_SETTINGS,
  isProgramFile,
  parseSettings,
  programScopeOf,
  pulumiEntryOf,
  SettingsError,
} from "../../../lint-rules/eslint/analysis/program.js";
import { noConditionalResource } from "../../../lint-rules/eslint/rules/no-conditional-resource.js";
import { noConstantLogicalName } from "../../../lint-rules/eslint/rules/no-constant-logical-name.js";
import { noLiveStateLookup } from "../../../lint-rules/eslint/rules/no-live-state-lookup.js";
import { FIXTURES, NESTED_PACKAGE_MODULE, PROGRAM_MODULE, src, TEST_FILE, typedRuleTester } from "./rule-tester.js";

/** Library code versus program code: which module is the entry of a Pulumi project, its modules, test files, and the settings. */

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "stateguard-lint-"));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

const YAML = "name: p\nruntime: nodejs\n";

beforeEach(() => {
  clearProjectCache();
});

describe("the entry of a Pulumi project", () => {
  it("is index.ts when nothing says otherwise", () => {
    const dir = project({ "Pulumi.yaml": YAML, "index.ts": "", "lib.ts": "" });
    expect(pulumiEntryOf(dir)).toBe(join(dir, "index.ts"));
    expect(programScopeOf(join(dir, "index.ts"), DEFAULT_SETTINGS, dir)).toBe("entry");
    expect(programScopeOf(join(dir, "lib.ts"), DEFAULT_SETTINGS, dir)).toBe("module");
  });

  it("is package.json's main, a compiled .js name standing for its .ts source", () => {
    const dir = project({
      "Pulumi.yaml": YAML,
      "package.json": JSON.stringify({ main: "src/main.js" }),
      "src/main.ts": "",
      "index.ts": "",
    });
    expect(pulumiEntryOf(dir)).toBe(join(dir, "src", "main.ts"));
    expect(programScopeOf(join(dir, "src", "main.ts"), DEFAULT_SETTINGS, dir)).toBe("entry");
    expect(programScopeOf(join(dir, "index.ts"), DEFAULT_SETTINGS, dir)).toBe("module");
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
    expect(programScopeOf(join(dir, "lib", "net.ts"), DEFAULT_SETTINGS, dir)).toBe("module");
    const none = project({ "index.ts": "" });
    expect(programScopeOf(join(none, "index.ts"), DEFAULT_SETTINGS, none)).toBe(false);
    expect(isProgramFile(join(none, "index.ts"), DEFAULT_SETTINGS, none)).toBe(false);
  });

  it("can be switched off, and more program files added by glob", () => {
    const dir = project({ "app/Pulumi.yaml": YAML, "app/index.ts": "", "app/lib.ts": "", "stacks/a.ts": "" });
    const off = parseSettings({ detectEntries: false });
    expect(programScopeOf(join(dir, "app", "index.ts"), off, dir)).toBe(false);
    expect(programScopeOf(join(dir, "app", "lib.ts"), off, dir)).toBe(false);
    expect(programScopeOf(join(dir, "stacks", "a.ts"), DEFAULT_SETTINGS, dir)).toBe(false);
    const globs = parseSettings({ programFiles: ["stacks/*.ts"] });
    expect(programScopeOf(join(dir, "stacks", "a.ts"), globs, dir)).toBe("entry");
    expect(programScopeOf(join(dir, "app", "index.ts"), globs, dir)).toBe("entry");
    // Globs are relative to the working directory: from inside stacks/, "stacks/*.ts" names nothing.
    expect(programScopeOf(join(dir, "stacks", "a.ts"), globs, join(dir, "stacks"))).toBe(false);
  });
});

describe("the modules of a Pulumi project", () => {
  it("have a top level of program code by default, and not with programModules: entry", () => {
    const dir = project({ "Pulumi.yaml": YAML, "index.ts": "", "config.ts": "", "lib/net.ts": "" });
    const entryOnly = parseSettings({ programModules: "entry" });
    expect(programScopeOf(join(dir, "config.ts"), DEFAULT_SETTINGS, dir)).toBe("module");
    expect(programScopeOf(join(dir, "config.ts"), entryOnly, dir)).toBe(false);
    expect(programScopeOf(join(dir, "lib", "net.ts"), entryOnly, dir)).toBe(false);
    expect(programScopeOf(join(dir, "index.ts"), entryOnly, dir)).toBe("entry");
  });

  it("are the project's own files: not under node_modules, not in a nested package", () => {
    const dir = project({
      "Pulumi.yaml": YAML,
      "package.json": "{}",
      "index.ts": "",
      "node_modules/dep/index.ts": "",
      "packages/shared/package.json": "{}",
      "packages/shared/src/net.ts": "",
      "components/net.ts": "",
    });
    expect(programScopeOf(join(dir, "components", "net.ts"), DEFAULT_SETTINGS, dir)).toBe("module");
    expect(programScopeOf(join(dir, "node_modules", "dep", "index.ts"), DEFAULT_SETTINGS, dir)).toBe(false);
    expect(programScopeOf(join(dir, "packages", "shared", "src", "net.ts"), DEFAULT_SETTINGS, dir)).toBe(false);
  });

  it("include the program's own package below Pulumi.yaml, and a package.json above the project counts as its own", () => {
    const dir = project({
      "Pulumi.yaml": `${YAML}main: infra\n`,
      "infra/package.json": JSON.stringify({ main: "program.ts" }),
      "infra/program.ts": "",
      "infra/config.ts": "",
      "tools/package.json": "{}",
      "tools/gen.ts": "",
    });
    expect(programScopeOf(join(dir, "infra", "config.ts"), DEFAULT_SETTINGS, dir)).toBe("module");
    expect(programScopeOf(join(dir, "tools", "gen.ts"), DEFAULT_SETTINGS, dir)).toBe(false);
    const workspace = project({
      "package.json": JSON.stringify({ workspaces: ["stacks/*"] }),
      "stacks/app/Pulumi.yaml": YAML,
      "stacks/app/index.ts": "",
      "stacks/app/config.ts": "",
    });
    expect(programScopeOf(join(workspace, "stacks", "app", "config.ts"), DEFAULT_SETTINGS, workspace)).toBe("module");
  });

  it("are decided once per directory (cached until clearProjectCache)", () => {
    const dir = project({ "Pulumi.yaml": YAML, "index.ts": "", "config.ts": "" });
    expect(programScopeOf(join(dir, "config.ts"), DEFAULT_SETTINGS, dir)).toBe("module");
    rmSync(join(dir, "Pulumi.yaml"));
    expect(programScopeOf(join(dir, "config.ts"), DEFAULT_SETTINGS, dir)).toBe("module");
    clearProjectCache();
    expect(programScopeOf(join(dir, "config.ts"), DEFAULT_SETTINGS, dir)).toBe(false);
  });
});

describe("test files", () => {
  it("are program code through and through by their usual names, in a project or not", () => {
    const dir = project({
      "Pulumi.yaml": YAML,
      "index.ts": "",
      "bucket.test.ts": "",
      "bucket.spec.ts": "",
      "bucket_test.ts": "",
      "__tests__/bucket.ts": "",
      "__mocks__/aws.ts": "",
      "contest.ts": "",
      "test/helpers.ts": "",
    });
    for (const file of [
      "bucket.test.ts",
      "bucket.spec.ts",
      "bucket_test.ts",
      "__tests__/bucket.ts",
      "__mocks__/aws.ts",
    ]) {
      expect(programScopeOf(join(dir, file), DEFAULT_SETTINGS, dir), file).toBe("file");
    }
    expect(programScopeOf(join(dir, "contest.ts"), DEFAULT_SETTINGS, dir)).toBe("module");
    expect(programScopeOf(join(dir, "test", "helpers.ts"), DEFAULT_SETTINGS, dir)).toBe("module");
    const none = project({ "src/vpc.test.ts": "", "src/vpc.ts": "" });
    expect(programScopeOf(join(none, "src", "vpc.test.ts"), DEFAULT_SETTINGS, none)).toBe("file");
    expect(programScopeOf(join(none, "src", "vpc.ts"), DEFAULT_SETTINGS, none)).toBe(false);
  });

  it("are set by testFiles, relative to the working directory; [] turns them off", () => {
    const dir = project({ "src/vpc.test.ts": "", "src/unittests.ts": "" });
    const off = parseSettings({ testFiles: [] });
    expect(programScopeOf(join(dir, "src", "vpc.test.ts"), off, dir)).toBe(false);
    const own = parseSettings({ testFiles: ["src/unittests.ts"] });
    expect(programScopeOf(join(dir, "src", "unittests.ts"), own, dir)).toBe("file");
    expect(programScopeOf(join(dir, "src", "vpc.test.ts"), own, dir)).toBe(false);
    expect(programScopeOf(join(dir, "src", "unittests.ts"), own, join(dir, "src"))).toBe(false);
  });
});

describe("settings.stateguard", () => {
  it("defaults when absent or empty", () => {
    expect(parseSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings({})).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toMatchObject({ programModules: "project", detectEntries: true, programFiles: [] });
    expect(DEFAULT_SETTINGS.testFiles).toEqual([
      "**/*.test.*",
      "**/*.spec.*",
      "**/*_test.*",
      "**/__tests__/**",
      "**/__mocks__/**",
    ]);
  });

  it("rejects unknown properties and wrong types by name", () => {
    expect(() => parseSettings({ programFile: [] })).toThrow(/unknown property "programFile"/);
    expect(() => parseSettings({ testFile: [] })).toThrow(/unknown property "testFile".*testFiles/);
    expect(() => parseSettings({ programFiles: "index.ts" })).toThrow(SettingsError);
    expect(() => parseSettings({ programFiles: "index.ts" })).toThrow(/programFiles must be an array of glob strings/);
    expect(() => parseSettings({ testFiles: "**/*.test.ts" })).toThrow(/testFiles must be an array of glob strings/);
    expect(() => parseSettings({ testFiles: [1] })).toThrow(/testFiles must be an array of glob strings/);
    expect(() => parseSettings({ programModules: "all" })).toThrow(/programModules must be "project" or "entry"/);
    expect(() => parseSettings({ programModules: true })).toThrow(SettingsError);
    expect(() => parseSettings({ detectEntries: "yes" })).toThrow(/detectEntries must be a boolean/);
    expect(() => parseSettings({ programFunctions: "once" })).toThrow(
      /programFunctions must be "called-once" or "none"/,
    );
    expect(() => parseSettings([])).toThrow(/must be an object/);
  });
});

const CONDITIONAL = [`const cfg = new pulumi.Config();`, `if (cfg.getBoolean("logs")) new aws.s3.Bucket("logs");`];

typedRuleTester().run("settings through ESLint: program modules", noConditionalResource, {
  valid: [
    {
      name: "the top level of another module of the Pulumi project is program code",
      filename: PROGRAM_MODULE,
      code: src(...CONDITIONAL),
    },
    {
      name: "programFiles makes another module's top level program code",
      filename: PROGRAM_MODULE,
      settings: { stateguard: { programModules: "entry", programFiles: ["**/program/network.ts"] } },
      code: src(...CONDITIONAL),
    },
  ],
  invalid: [
    {
      name: "with programModules: entry and without programFiles, the same code is library code",
      filename: PROGRAM_MODULE,
      settings: { stateguard: { programModules: "entry" } },
      code: src(...CONDITIONAL),
      errors: [{ messageId: "conditional", line: 4, column: 29 }],
    },
    {
      name: "with detectEntries: false, too",
      filename: PROGRAM_MODULE,
      settings: { stateguard: { detectEntries: false } },
      code: src(...CONDITIONAL),
      errors: [{ messageId: "conditional", line: 4, column: 29 }],
    },
    {
      name: "a function in another module of the project is library code",
      filename: PROGRAM_MODULE,
      code: src(`export function logs(on: boolean) { if (on) new aws.s3.Bucket("logs"); }`),
      errors: [{ messageId: "conditional", line: 3, column: 45 }],
    },
    {
      name: "the function another module exports as a whole is not the program: library code",
      filename: PROGRAM_MODULE,
      code: src(`export default function (on: boolean) { if (on) new aws.s3.Bucket("logs"); }`),
      errors: [{ messageId: "conditional", line: 3, column: 49 }],
    },
    {
      name: "the top level of a module outside any Pulumi project is library code",
      code: src(...CONDITIONAL),
      errors: [{ messageId: "conditional", line: 4, column: 29 }],
    },
    {
      name: "the top level of a nested package inside the project is library code",
      filename: NESTED_PACKAGE_MODULE,
      code: src(...CONDITIONAL),
      errors: [{ messageId: "conditional", line: 4, column: 29 }],
    },
  ],
});

typedRuleTester().run("settings through ESLint: a program's config module", noLiveStateLookup, {
  valid: [
    {
      name: "a lookup at the top level of config.ts beside the entry",
      filename: PROGRAM_MODULE,
      code: src(
        `const cfg = new pulumi.Config();`,
        `export const vpcId = cfg.get("vpcId") ?? aws.ec2.getVpcOutput({ default: true }).id;`,
      ),
    },
  ],
  invalid: [
    {
      name: "the same lookup in a function of config.ts",
      filename: PROGRAM_MODULE,
      code: src(`export function vpcId() { return aws.ec2.getVpcOutput({ default: true }).id; }`),
      errors: [{ messageId: "invoke", line: 3, column: 34 }],
    },
    {
      name: "the same lookup at the top level of a module outside any Pulumi project",
      code: src(`export const vpcId = aws.ec2.getVpcOutput({ default: true }).id;`),
      errors: [{ messageId: "invoke", line: 3, column: 22 }],
    },
  ],
});

/**
 * fixtures/program/settings.ts: app.ts (program code) calls its `loadSettings` once, and its `twice`, `aliased` and
 * `viaNamespace` two times each (once by an imported alias, once through a namespace import).
 */
const SETTINGS_MODULE = join(FIXTURES, "program", "settings.ts");
const READ = `new pulumi.StackReference("acme/network/prod").getOutput("vpcId")`;

typedRuleTester().run("settings through ESLint: functions the program calls once", noLiveStateLookup, {
  valid: [
    {
      name: "a function another program module calls once, at its top level, is program code",
      filename: SETTINGS_MODULE,
      code: src(`export async function loadSettings() { return ${READ}; }`, `export function twice() {}`),
    },
    {
      name: "the same, as an arrow assigned to a const",
      filename: SETTINGS_MODULE,
      code: src(`export const loadSettings = async () => ${READ};`, `export function twice() {}`),
    },
    {
      name: "a function of the module called once from its own top level; typeof and exports are no calls",
      filename: PROGRAM_MODULE,
      code: src(
        `function peers() { return ${READ}; }`,
        `export const vpcId = peers();`,
        `export type Peers = ReturnType<typeof peers>;`,
        `export { peers };`,
      ),
    },
    {
      name: "an exported function called once in its own module",
      filename: PROGRAM_MODULE,
      code: src(`export function peers() { return ${READ}; }`, `export const vpcId = peers();`),
    },
    {
      name: "a function called once from a function that is itself called once",
      filename: PROGRAM_MODULE,
      code: src(
        `function inner() { return ${READ}; }`,
        `function outer() { return inner(); }`,
        `export const v = outer();`,
      ),
    },
  ],
  invalid: [
    {
      name: "a function the program calls twice is library code",
      filename: SETTINGS_MODULE,
      code: src(`export async function loadSettings() {}`, `export function twice() { return ${READ}; }`),
      errors: [{ messageId: "stackReference", line: 4, column: 34 }],
    },
    {
      name: "a call under the name a module imports it by counts",
      filename: SETTINGS_MODULE,
      code: src(`export function aliased() { return ${READ}; }`, `export function viaNamespace() {}`),
      errors: [{ messageId: "stackReference", line: 3, column: 36 }],
    },
    {
      name: "a call through a namespace import counts",
      filename: SETTINGS_MODULE,
      code: src(`export function aliased() {}`, `export function viaNamespace() { return ${READ}; }`),
      errors: [{ messageId: "stackReference", line: 4, column: 41 }],
    },
    {
      name: "with programFunctions: none, a function called once is library code too",
      filename: SETTINGS_MODULE,
      settings: { stateguard: { programFunctions: "none" } },
      code: src(`export async function loadSettings() { return ${READ}; }`, `export function twice() {}`),
      errors: [{ messageId: "stackReference", line: 3, column: 47 }],
    },
    {
      name: "a function called once in a loop runs many times",
      filename: PROGRAM_MODULE,
      code: src(`function peers() { return ${READ}; }`, `for (const n of [1, 2]) peers();`),
      errors: [{ messageId: "stackReference", line: 3, column: 27 }],
    },
    {
      name: "a function called once from an array callback runs once per item",
      filename: PROGRAM_MODULE,
      code: src(`function peers() { return ${READ}; }`, `export const all = [1, 2].map(() => peers());`),
      errors: [{ messageId: "stackReference", line: 3, column: 27 }],
    },
    {
      name: "a function handed on as a value may run anywhere",
      filename: PROGRAM_MODULE,
      code: src(`function peers() { return ${READ}; }`, `export const loaders = { peers };`, `peers();`),
      errors: [{ messageId: "stackReference", line: 3, column: 27 }],
    },
    {
      name: "a function called once from library code is library code",
      filename: PROGRAM_MODULE,
      code: src(`function inner() { return ${READ}; }`, `export function outer() { return inner(); }`),
      errors: [{ messageId: "stackReference", line: 3, column: 27 }],
    },
    {
      name: "a function exported under another name: its callers are not searched",
      filename: PROGRAM_MODULE,
      code: src(`function peers() { return ${READ}; }`, `export { peers as readPeers };`, `export const v = peers();`),
      errors: [{ messageId: "stackReference", line: 3, column: 27 }],
    },
    {
      name: "a method is library code whoever calls it",
      filename: PROGRAM_MODULE,
      code: src(`const o = { peers() { return ${READ}; } };`, `export const v = o.peers();`),
      errors: [{ messageId: "stackReference", line: 3, column: 30 }],
    },
  ],
});

const TEST_CASE = [
  `function test(name: string, fn: () => void) { fn(); }`,
  `function fixture() { return new aws.s3.Bucket("fixture"); }`,
  `test("creates a bucket", () => { new aws.s3.Bucket("logs"); fixture(); });`,
];

typedRuleTester().run("settings through ESLint: test files", noConstantLogicalName, {
  valid: [
    {
      name: "a test file run under mocks: constant names in test cases and helpers",
      filename: TEST_FILE,
      code: src(...TEST_CASE),
    },
  ],
  invalid: [
    {
      name: "with testFiles: [], the test file is library code",
      filename: TEST_FILE,
      settings: { stateguard: { testFiles: [] } },
      code: src(...TEST_CASE),
      errors: [
        { messageId: "constantName", line: 4, column: 47 },
        { messageId: "constantName", line: 5, column: 52 },
      ],
    },
    {
      name: "the same code in a file not named as a test",
      code: src(...TEST_CASE),
      errors: [
        { messageId: "constantName", line: 4, column: 47 },
        { messageId: "constantName", line: 5, column: 52 },
      ],
    },
  ],
});
