import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import * as prettier from "prettier";
import {
  DEFAULT_POLICY_CONFIG,
  POLICY_PACK_DIR,
  REPO_ROOT,
  Workspace,
  prepareBench,
  type RunResult,
} from "../test/engine/bench.js";

/**
 * Records what the real engine prints for `pulumi preview` in the situations the preview gate must judge, as
 * fixtures for the gate's tests. Each scenario brings a workspace to a base state with `pulumi up`, changes the
 * stack config that steers its program (test/programs/gate/<program>) and previews that change several ways,
 * all from the same state:
 *
 *   preview.json        pulumi preview --json
 *   events.jsonl        the same with PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true (one engine event per line)
 *   plan.json           the file written by pulumi preview --save-plan (absent when the engine writes none)
 *   replace-steps.json  pulumi preview --json --show-replacement-steps (replacement scenarios)
 *   sames.json          pulumi preview --json --show-sames (alias scenarios)
 *   meta.json           per command: its arguments, exit code and stderr; how the base state was made
 *
 * Volatile data is normalised so that a re-recording gives small diffs (see test/fixtures/gate/README.md).
 *
 * Usage: node dist/scripts/record-gate-fixtures.js [--jobs N] [--list] [scenario...]
 * (N scenarios are recorded at a time, each in its own workspace; default: the number of CPUs, at most 4.)
 */

type Config = Readonly<Record<string, string>>;
type Variant = "replace-steps" | "sames";

interface Scenario {
  /** Fixture directory under test/fixtures/gate. */
  readonly name: string;
  readonly summary: string;
  /** Program directory under test/programs/gate. */
  readonly program: string;
  /** Stack name; acme-dev unless given. */
  readonly stack?: string;
  /** Config of the base state, set before the first `pulumi up`. */
  readonly base?: Config;
  /** Further updates after the base one: each a config change followed by `pulumi up`. */
  readonly then?: readonly Config[];
  /** The config change that is previewed. */
  readonly change: Config;
  /** Preview with the stateguard policy pack and the repository's policy-config.json. */
  readonly policyPack?: boolean;
  readonly variants?: readonly Variant[];
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: "protected-delete",
    summary: "A protected database (protect: true) removed from the program: the engine refuses to delete it.",
    program: "database-removed",
    base: { protect: "true" },
    change: { declareDatabase: "false" },
  },
  {
    name: "unprotected-delete",
    summary: "An unprotected database removed from the program: a plain delete.",
    program: "database-removed",
    change: { declareDatabase: "false" },
  },
  {
    name: "dynamodb-replace-name",
    summary: "A DynamoDB table whose `name` changes: a replacement (create-before-delete).",
    program: "table-replaced",
    change: { tableName: "orders-2026" },
    variants: ["replace-steps"],
  },
  {
    name: "dynamodb-replace-hash-key",
    summary: "A DynamoDB table whose `hashKey` changes: a replacement, its physical name unchanged.",
    program: "table-replaced",
    change: { hashKey: "customerId" },
    variants: ["replace-steps"],
  },
  {
    name: "rename-without-alias",
    summary: "A table's logical name changes without an alias: a delete of the old URN and a create of the new one.",
    program: "renamed",
    change: { renamed: "true" },
  },
  {
    name: "rename-with-alias",
    summary: "A table's logical name changes with `aliases: [{ name: old }]`: no change, the engine moves the URN.",
    program: "renamed",
    change: { renamed: "true", alias: "true" },
    variants: ["sames"],
  },
  {
    name: "component-move-with-alias",
    summary:
      "A table moved under an existing component with `aliases: [{ parent: pulumi.rootStackResource }]`: no change.",
    program: "moved-into-component",
    change: { moved: "true", alias: "true" },
    variants: ["sames"],
  },
  {
    name: "component-move-without-alias",
    summary: "A table moved under an existing component without an alias: a delete and a create.",
    program: "moved-into-component",
    change: { moved: "true" },
  },
  {
    name: "retain-on-delete",
    summary: "A database with retainOnDelete: true removed from the program: a delete that leaves it in the cloud.",
    program: "database-removed",
    base: { retainOnDelete: "true" },
    change: { declareDatabase: "false" },
  },
  {
    name: "expand-contract-expand",
    summary: "Expand step of a table migration: orders-v2 is added next to orders-v1 (a create only).",
    program: "expand-contract",
    change: { phase: "expand" },
  },
  {
    name: "expand-contract-contract",
    summary: "Contract step of a table migration, after the expand step was applied: orders-v1 is deleted.",
    program: "expand-contract",
    then: [{ phase: "expand" }],
    change: { phase: "contract" },
  },
  {
    name: "unprotect-only",
    summary: "A protected database whose protect option goes from true to false, nothing else changed.",
    program: "unprotect",
    change: { protect: "false" },
  },
  {
    name: "unprotect-with-update",
    summary: "A protected database unprotected in the same update as an unrelated property change (instanceClass).",
    program: "unprotect",
    change: { protect: "false", instanceClass: "db.t3.small" },
    variants: ["replace-steps"],
  },
  {
    name: "unprotect-with-replace",
    summary: "A protected database unprotected in the same update as a change forcing its replacement (engine).",
    program: "unprotect",
    change: { protect: "false", engine: "mysql" },
    variants: ["replace-steps"],
  },
  {
    name: "protected-replace",
    summary: "A protected database, still protected, whose engine changes: the engine refuses the replacement.",
    program: "unprotect",
    change: { engine: "mysql" },
    variants: ["replace-steps"],
  },
  {
    name: "delete-before-replace",
    summary: "A database with deleteBeforeReplace: true whose engine changes: the old one is deleted first.",
    program: "delete-before-replace",
    change: { engine: "mysql" },
    variants: ["replace-steps"],
  },
  {
    name: "policy-violation",
    summary: "An unprotected database added to a *-prod stack, previewed with the stateguard policy pack.",
    program: "policy-violation",
    stack: "acme-prod",
    change: { declareDatabase: "true" },
    policyPack: true,
  },
  {
    name: "stack-output-change",
    summary: "Only a stack output changes (the table's ARN is exported instead of its name); no resource changes.",
    program: "stack-output-change",
    change: { exportArn: "true" },
  },
  {
    name: "stateless-mixed",
    summary: "Stateless changes only: a security group description update and a new IAM role; a database untouched.",
    program: "stateless-mixed",
    change: { phase: "change" },
    variants: ["sames"],
  },
];

const PROGRAMS = join(REPO_ROOT, "test", "programs", "gate");
const FIXTURES = join(REPO_ROOT, "test", "fixtures", "gate");
/** What the bench appends to every command line (see Workspace.pulumi). */
const BENCH_FLAGS = ["--non-interactive", "--color", "never"] as const;
const STREAMING_ENV = { PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" };

/** Fixed replacements for volatile values. */
const FIXED_TIME = "2000-01-01T00:00:00Z";
/** A plan's random per-resource `seed` (32 bytes, base64) and its manifest `magic` (a SHA-256, hex). */
const FIXED_SEED = Buffer.alloc(32).toString("base64");
const FIXED_MAGIC = "0".repeat(64);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** The signature the engine puts on a secret value; no fixture may hold one. */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

/**
 * Rewrites volatile data of one scenario's recordings: the workspace and repository paths, timestamps, durations
 * and the random ids of the default providers (numbered in order of first appearance, shared by every file of the
 * scenario so that cross-references stay consistent).
 */
class Normaliser {
  private readonly uuids = new Map<string, string>();

  constructor(private readonly workspaceRoot: string) {}

  text(value: string): string {
    return value
      .split(this.workspaceRoot)
      .join("<workspace>")
      .split(REPO_ROOT)
      .join("<repo>")
      .replace(UUID, (uuid) => this.uuid(uuid.toLowerCase()));
  }

  /** The human-readable display, without its progress lines (their number and dots vary with timing). */
  display(value: string): string {
    return this.text(value).replace(/^@ previewing update\.*\n/gm, "");
  }

  json(value: unknown, key?: string): unknown {
    if (typeof value === "string") {
      if ((key === "created" || key === "modified" || key === "time") && !Number.isNaN(Date.parse(value))) {
        return FIXED_TIME;
      }
      if (key === "seed") return FIXED_SEED;
      if (key === "magic") return FIXED_MAGIC;
      return this.text(value);
    }
    if (typeof value === "number") {
      return key === "timestamp" || key === "duration" || key === "durationSeconds" ? 0 : value;
    }
    if (Array.isArray(value)) return value.map((item) => this.json(item));
    if (typeof value === "object" && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.text(k), this.json(v, k)]));
    }
    return value;
  }

  private uuid(uuid: string): string {
    let replacement = this.uuids.get(uuid);
    if (!replacement) {
      replacement = `00000000-0000-4000-8000-${String(this.uuids.size + 1).padStart(12, "0")}`;
      this.uuids.set(uuid, replacement);
    }
    return replacement;
  }
}

interface CommandRecord {
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
  readonly code: number;
  readonly stderr: string;
  /** Only for the --save-plan command, whose stdout is the human-readable display. */
  readonly stdout?: string;
  /** Only for the --save-plan command. */
  readonly planFileWritten?: boolean;
}

interface SetupRecord {
  readonly args: readonly string[];
  readonly code: number;
}

class Recorder {
  readonly ws: Workspace;
  readonly normaliser: Normaliser;
  readonly setup: SetupRecord[] = [];
  readonly commands: Record<string, CommandRecord> = {};
  readonly files = new Map<string, string>();

  constructor(readonly scenario: Scenario) {
    this.ws = new Workspace(join(PROGRAMS, scenario.program));
    this.normaliser = new Normaliser(dirname(this.ws.dir));
  }

  private log(message: string): void {
    process.stderr.write(`[${this.scenario.name}] ${message}\n`);
  }

  private async setupStep(args: readonly string[]): Promise<void> {
    const result = await this.ws.pulumi(args);
    this.setup.push({ args: this.normaliser.json([...args, ...BENCH_FLAGS]) as string[], code: result.code });
    if (result.code !== 0) {
      throw new Error(`[${this.scenario.name}] pulumi ${args.join(" ")} exited ${result.code}:\n${result.output}`);
    }
  }

  private async configure(config: Config): Promise<void> {
    for (const [key, value] of Object.entries(config)) await this.setupStep(["config", "set", key, value]);
  }

  private async up(): Promise<void> {
    this.log("up");
    await this.setupStep(["up", "--yes", "--skip-preview"]);
  }

  private record(file: string, args: readonly string[], result: RunResult, env?: Record<string, string>): void {
    this.commands[file] = {
      args: this.normaliser.json([...args, ...BENCH_FLAGS]) as string[],
      ...(env ? { env } : {}),
      code: result.code,
      stderr: this.normaliser.text(result.stderr),
    };
  }

  private parse(file: string, text: string): unknown {
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      throw new Error(`[${this.scenario.name}] ${file}: the engine printed no JSON (${String(e)}):\n${text}`);
    }
  }

  private async previewJson(file: string, extra: readonly string[], policy: readonly string[]): Promise<void> {
    const args = ["preview", "--json", ...extra, ...policy];
    const result = await this.ws.pulumi(args);
    this.record(file, args, result);
    const document = this.normaliser.json(this.parse(file, result.stdout));
    this.files.set(file, `${JSON.stringify(document, null, 2)}\n`);
  }

  private async previewEvents(policy: readonly string[]): Promise<void> {
    const file = "events.jsonl";
    const args = ["preview", "--json", ...policy];
    const result = await this.ws.pulumi(args, { env: STREAMING_ENV });
    this.record(file, args, result, STREAMING_ENV);
    const lines = result.stdout
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.stringify(this.normaliser.json(this.parse(file, line))));
    this.files.set(file, `${lines.join("\n")}\n`);
  }

  private async previewPlan(policy: readonly string[]): Promise<void> {
    const file = "plan.json";
    const planPath = join(dirname(this.ws.dir), "plan.json");
    const args = ["preview", "--save-plan", planPath, ...policy];
    const result = await this.ws.pulumi(args);
    const written = existsSync(planPath);
    this.record(file, args, result);
    this.commands[file] = {
      ...this.commands[file]!,
      stdout: this.normaliser.display(result.stdout),
      planFileWritten: written,
    };
    if (written) {
      const plan = this.normaliser.json(this.parse(file, readFileSync(planPath, "utf8")));
      this.files.set(file, `${JSON.stringify(plan, null, 2)}\n`);
    }
  }

  async run(): Promise<void> {
    const { scenario } = this;
    this.log(`program test/programs/gate/${scenario.program}`);
    await this.setupStep(["stack", "init", scenario.stack ?? "acme-dev"]);
    await this.configure(scenario.base ?? {});
    await this.up();
    for (const step of scenario.then ?? []) {
      await this.configure(step);
      await this.up();
    }
    await this.configure(scenario.change);

    const policy = scenario.policyPack
      ? ["--policy-pack", POLICY_PACK_DIR, "--policy-pack-config", DEFAULT_POLICY_CONFIG]
      : [];
    this.log("preview --json");
    await this.previewJson("preview.json", [], policy);
    this.log("preview --json (streaming)");
    await this.previewEvents(policy);
    this.log("preview --save-plan");
    await this.previewPlan(policy);
    if (scenario.variants?.includes("replace-steps")) {
      this.log("preview --json --show-replacement-steps");
      await this.previewJson("replace-steps.json", ["--show-replacement-steps"], policy);
    }
    if (scenario.variants?.includes("sames")) {
      this.log("preview --json --show-sames");
      await this.previewJson("sames.json", ["--show-sames"], policy);
    }
  }

  async write(engineVersion: string): Promise<void> {
    const { scenario } = this;
    const meta = {
      scenario: scenario.name,
      summary: scenario.summary,
      program: `test/programs/gate/${scenario.program}`,
      stack: scenario.stack ?? "acme-dev",
      engineVersion,
      setup: this.setup,
      commands: this.commands,
    };
    this.files.set("meta.json", `${JSON.stringify(meta, null, 2)}\n`);
    for (const [file, content] of this.files) {
      if (content.includes(SECRET_SIGNATURE)) {
        throw new Error(`[${scenario.name}] ${file} holds a secret value: refusing to write it`);
      }
    }
    const dir = join(FIXTURES, scenario.name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const [file, content] of this.files) {
      const path = join(dir, file);
      // The JSON files are laid out as the repository's prettier would lay them out, so `prettier --write`
      // leaves a fresh recording alone; events.jsonl keeps one event per line.
      const text = file.endsWith(".json")
        ? await prettier.format(content, { ...(await prettier.resolveConfig(path)), filepath: path })
        : content;
      writeFileSync(path, text);
    }
  }
}

async function engineVersion(): Promise<string> {
  const ws = new Workspace(join(PROGRAMS, SCENARIOS[0]!.program));
  const result = await ws.pulumi(["version"]);
  if (result.code !== 0) throw new Error(`pulumi version exited ${result.code}:\n${result.output}`);
  return result.stdout.trim();
}

async function pool<T>(items: readonly T[], jobs: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const workers = Array.from({ length: Math.min(jobs, queue.length) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  });
  await Promise.all(workers);
}

function usage(): string {
  return (
    "usage: node dist/scripts/record-gate-fixtures.js [--jobs N] [--list] [scenario...]\n" +
    `scenarios: ${SCENARIOS.map((s) => s.name).join(", ")}\n`
  );
}

async function main(argv: readonly string[]): Promise<number> {
  let jobs = Math.min(4, availableParallelism());
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--list") {
      for (const s of SCENARIOS) process.stdout.write(`${s.name}\t${s.summary}\n`);
      return 0;
    } else if (arg === "--help" || arg === "-h") {
      process.stdout.write(usage());
      return 0;
    } else if (arg === "--jobs" || arg.startsWith("--jobs=")) {
      const value = arg.includes("=") ? arg.slice("--jobs=".length) : argv[++i];
      jobs = Number(value);
      if (!Number.isInteger(jobs) || jobs < 1) {
        process.stderr.write(`--jobs needs a positive integer, not ${value ?? "nothing"}\n`);
        return 2;
      }
    } else {
      names.push(arg);
    }
  }
  const unknown = names.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length > 0) {
    process.stderr.write(`unknown scenario: ${unknown.join(", ")}\n${usage()}`);
    return 2;
  }
  const selected = names.length > 0 ? SCENARIOS.filter((s) => names.includes(s.name)) : SCENARIOS;

  prepareBench();
  const version = await engineVersion();
  process.stderr.write(`recording ${selected.length} scenario(s) with pulumi ${version}, ${jobs} at a time\n`);
  const failures: string[] = [];
  await pool(selected, jobs, async (scenario) => {
    const recorder = new Recorder(scenario);
    try {
      await recorder.run();
      await recorder.write(version);
      process.stderr.write(`[${scenario.name}] written to test/fixtures/gate/${scenario.name}\n`);
    } catch (e) {
      failures.push(scenario.name);
      process.stderr.write(`[${scenario.name}] FAILED: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  });
  if (failures.length > 0) {
    process.stderr.write(`${failures.length} scenario(s) failed: ${failures.join(", ")}\n`);
    return 1;
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
