import { execFile } from "node:child_process";
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createGunzip } from "node:zlib";

/**
 * Fetches the provider SDKs pinned in package.json (`stateguard.providerVersions`) with `npm pack` and distils each
 * into a compact index of what the catalog test checks: every resource type token, its input properties (with the
 * input type each refers to, so dotted paths can be followed), the input types' properties, and the properties the
 * SDK marks replace-on-change where it ships that (only aws-native does), and every invoke's type token (the lint
 * rules' lists of invokes that read no infrastructure are checked against them).
 *
 * The index is cached outside the work tree, by package and version:
 * ${STATEGUARD_CACHE:-${XDG_CACHE_HOME:-~/.cache}/stateguard}/providers/<pkg>-<version>/index.json. A cached index
 * makes the fetch free; the tarballs are streamed once through gunzip and a small tar reader (only .js and .d.ts
 * entries are decoded) and deleted afterwards.
 *
 * Run: node dist/scripts/fetch-provider-types.js (prints what it did and how long it took; exit 1 on failure).
 * Only Node.js built-ins are used, so it also runs as `node scripts/fetch-provider-types.ts` where Node strips types.
 */

/** Bump when the index layout changes: cached indexes of another format are rebuilt. */
export const INDEX_FORMAT = 2;

export interface ResourceIndex {
  readonly kind: "custom" | "component";
  /** Input property -> the input type it refers to ("core.v1.PersistentVolumeClaimSpec"), or "" for a leaf. */
  readonly inputs: Readonly<Record<string, string>>;
  /** The SDK's replaceOnChanges resource option, verbatim; absent when the SDK does not set one. */
  readonly replaceOnChanges?: readonly string[];
}

export interface ProviderIndex {
  readonly format: number;
  readonly package: string;
  readonly version: string;
  readonly integrity: string;
  readonly resources: Readonly<Record<string, ResourceIndex>>;
  /** Input type -> property -> the input type it refers to, or "" for a leaf. */
  readonly types: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** The type tokens of the package's invokes (functions calling `pulumi.runtime.invoke...("<token>", ...)`), sorted. */
  readonly invokes: readonly string[];
}

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, here.includes(join("dist", "scripts")) ? "../.." : "..");

export function providerCacheDir(): string {
  const base =
    process.env.STATEGUARD_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "stateguard");
  return join(base, "providers");
}

/** The pinned versions: package name -> exact version. */
export function pinnedProviderVersions(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    stateguard?: { providerVersions?: Record<string, string> };
  };
  const versions = pkg.stateguard?.providerVersions;
  if (!versions || Object.keys(versions).length === 0) {
    throw new Error("package.json has no stateguard.providerVersions to fetch");
  }
  return versions;
}

function indexFile(name: string, version: string): string {
  return join(providerCacheDir(), `${name.replace(/^@/, "").replace(/\//g, "-")}-${version}`, "index.json");
}

function readCached(file: string, name: string, version: string): ProviderIndex | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const index = JSON.parse(readFileSync(file, "utf8")) as ProviderIndex;
    return index.format === INDEX_FORMAT && index.package === name && index.version === version ? index : undefined;
  } catch {
    return undefined;
  }
}

// --- tar --------------------------------------------------------------------------------------------------------

interface TarEntry {
  readonly path: string;
  readonly data: Buffer;
}

function octal(block: Buffer, offset: number, length: number): number {
  const text = block
    .toString("latin1", offset, offset + length)
    .replace(/\0.*$/s, "")
    .trim();
  return text === "" ? 0 : parseInt(text, 8);
}

function cString(block: Buffer, offset: number, length: number): string {
  const end = block.indexOf(0, offset);
  return block.toString("utf8", offset, end === -1 || end > offset + length ? offset + length : end);
}

/** The path records of a pax extended header ("<len> path=<value>\n"). */
function paxPath(data: Buffer): string | undefined {
  const text = data.toString("utf8");
  let offset = 0;
  while (offset < text.length) {
    const space = text.indexOf(" ", offset);
    if (space === -1) break;
    const length = parseInt(text.slice(offset, space), 10);
    if (!(length > 0)) break;
    const record = text.slice(space + 1, offset + length - 1);
    if (record.startsWith("path=")) return record.slice(5);
    offset += length;
  }
  return undefined;
}

/**
 * Reads a gzipped tarball as a stream, handing over the regular files `wanted` selects (and skipping the others'
 * bytes without decoding them). ustar, pax and GNU long names are understood; that covers what npm writes.
 */
async function readTarball(file: string, wanted: (path: string) => boolean, onEntry: (e: TarEntry) => void) {
  const chunks: Buffer[] = [];
  let buffered = 0;
  const take = (n: number): Buffer => {
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const head = chunks[0]!;
      const used = Math.min(head.length, n - filled);
      head.copy(out, filled, 0, used);
      filled += used;
      if (used === head.length) chunks.shift();
      else chunks[0] = head.subarray(used);
    }
    buffered -= n;
    return out;
  };
  const skip = (n: number): void => {
    let left = n;
    while (left > 0) {
      const head = chunks[0]!;
      if (head.length <= left) {
        left -= head.length;
        chunks.shift();
      } else {
        chunks[0] = head.subarray(left);
        left = 0;
      }
    }
    buffered -= n;
  };

  let header: { path: string; type: string; size: number } | undefined;
  let longPath: string | undefined;
  let ended = false;
  const stream = createReadStream(file).pipe(createGunzip());
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    buffered += chunk.length;
    for (;;) {
      if (ended) break;
      if (!header) {
        if (buffered < 512) break;
        const block = take(512);
        if (block.every((b) => b === 0)) {
          ended = true;
          break;
        }
        const name = cString(block, 0, 100);
        const prefix = block.toString("latin1", 257, 262) === "ustar" ? cString(block, 345, 155) : "";
        header = {
          path: longPath ?? (prefix ? `${prefix}/${name}` : name),
          type: String.fromCharCode(block[156] || 48),
          size: octal(block, 124, 12),
        };
        longPath = undefined;
      }
      const padded = Math.ceil(header.size / 512) * 512;
      if (buffered < padded) break;
      const { path, type, size } = header;
      header = undefined;
      if (type === "x" || type === "L") {
        const data = take(padded).subarray(0, size);
        longPath = type === "x" ? paxPath(data) : cString(data, 0, size);
      } else if ((type === "0" || type === "7") && wanted(path)) {
        onEntry({ path, data: take(padded).subarray(0, size) });
      } else {
        skip(padded);
      }
    }
  }
  if (!ended && (header !== undefined || buffered > 0)) throw new Error(`${file}: truncated tarball`);
}

// --- the SDKs' generated code -------------------------------------------------------------------------------------

const PROPERTY = /^ {4}(?:readonly )?([A-Za-z_$][\w$]*|"[^"]+")\??: (.*)$/;

function inputTypeOf(typeText: string): string {
  return /\binputs\.([\w.]+)/.exec(typeText)?.[1] ?? "";
}

/** `export interface <Name>Args { ... }` blocks of a resource's .d.ts: interface name -> property -> input type. */
function argsInterfaces(dts: string): Map<string, Record<string, string>> {
  const result = new Map<string, Record<string, string>>();
  const lines = dts.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const start = /^export interface (\w+)Args \{$/.exec(lines[i]!);
    if (!start) continue;
    const props: Record<string, string> = {};
    let current: string | undefined;
    for (i++; i < lines.length && lines[i] !== "}"; i++) {
      const line = lines[i]!;
      const m = PROPERTY.exec(line);
      if (m) {
        current = m[1]!.replace(/"/g, "");
        props[current] = inputTypeOf(m[2]!);
      } else if (current && line.startsWith("        ") && !props[current]) {
        // A type spelled over several lines (inline object types).
        props[current] = inputTypeOf(line);
      } else if (!line.startsWith("        ")) {
        current = undefined;
      }
    }
    result.set(start[1]!, props);
  }
  return result;
}

/** types/input.d.ts: nested namespaces of interfaces -> "ns.sub.Interface" -> property -> input type. */
function inputTypes(dts: string, into: Record<string, Record<string, string>>): void {
  const stack: { kind: "namespace" | "interface"; name: string; indent: number }[] = [];
  for (const line of dts.split("\n")) {
    const indent = line.length - line.trimStart().length;
    const ns = /^ *(?:export )?(?:declare )?namespace (\w+) \{$/.exec(line);
    if (ns) {
      stack.push({ kind: "namespace", name: ns[1]!, indent });
      continue;
    }
    const iface = /^ *(?:export )?interface (\w+)(?: extends [^{]+)? \{$/.exec(line);
    if (iface) {
      stack.push({ kind: "interface", name: iface[1]!, indent });
      const key = stack.map((s) => s.name).join(".");
      into[key] = into[key] ?? {};
      continue;
    }
    const top = stack[stack.length - 1];
    if (!top) continue;
    if (line.trimEnd() === `${" ".repeat(top.indent)}}`) {
      stack.pop();
      continue;
    }
    if (top.kind === "interface" && indent === top.indent + 4) {
      const m = /^ *(?:readonly )?([A-Za-z_$][\w$]*|"[^"]+")\??: (.*)$/.exec(line);
      if (m) into[stack.map((s) => s.name).join(".")]![m[1]!.replace(/"/g, "")] = inputTypeOf(m[2]!);
    }
  }
}

interface ResourceJs {
  readonly token: string;
  readonly className: string;
  readonly kind: "custom" | "component";
  readonly replaceOnChanges?: string[];
}

function resourceJs(js: string): ResourceJs | undefined {
  const token = /__pulumiType = ['"]([^'"]+)['"]/.exec(js)?.[1];
  const cls = /\bclass (\w+) extends pulumi\.(CustomResource|ComponentResource)\b/.exec(js);
  if (!token || !cls || !token.includes(":")) return undefined;
  const replace = /replaceOnChanges: (\[.*?\]) \};/.exec(js)?.[1];
  return {
    token,
    className: cls[1]!,
    kind: cls[2] === "CustomResource" ? "custom" : "component",
    ...(replace ? { replaceOnChanges: JSON.parse(replace) as string[] } : {}),
  };
}

/** An invoke in a provider SDK's generated .js: `pulumi.runtime.invoke("aws:index/getRegion:getRegion", ...)`. */
const INVOKE_CALL = /\bruntime\.invoke(?:Output|Single|SingleOutput)?\(\s*["']([^"']+:[^"']+)["']/g;

async function buildIndex(tarball: string, name: string, version: string, integrity: string): Promise<ProviderIndex> {
  const scripts = new Map<string, ResourceJs>();
  const declarations = new Map<string, Map<string, Record<string, string>>>();
  const types: Record<string, Record<string, string>> = {};
  const invokes = new Set<string>();
  await readTarball(
    tarball,
    (path) => path.startsWith("package/") && !path.includes("/node_modules/") && /\.(js|d\.ts)$/.test(path),
    ({ path, data }) => {
      const text = data.toString("utf8");
      if (path === "package/types/input.d.ts") inputTypes(text, types);
      else if (path.endsWith(".d.ts")) {
        if (text.includes("Args {")) declarations.set(path.slice(0, -5), argsInterfaces(text));
      } else {
        for (const m of text.matchAll(INVOKE_CALL)) invokes.add(m[1]!);
        if (text.includes("__pulumiType")) {
          const found = resourceJs(text);
          if (found) scripts.set(path.slice(0, -3), found);
        }
      }
    },
  );
  const resources: Record<string, ResourceIndex> = {};
  for (const [stem, js] of [...scripts].sort(([a], [b]) => a.localeCompare(b))) {
    const args = declarations.get(stem)?.get(js.className);
    if (!args) throw new Error(`${name}@${version}: no ${js.className}Args interface next to ${stem}.js (${js.token})`);
    resources[js.token] = {
      kind: js.kind,
      inputs: args,
      ...(js.replaceOnChanges ? { replaceOnChanges: js.replaceOnChanges } : {}),
    };
  }
  if (Object.keys(resources).length === 0) throw new Error(`${name}@${version}: no resource found in the package`);
  return { format: INDEX_FORMAT, package: name, version, integrity, resources, types, invokes: [...invokes].sort() };
}

// --- fetching -----------------------------------------------------------------------------------------------------

const run = promisify(execFile);

async function fetchOne(name: string, version: string): Promise<{ index: ProviderIndex; fetched: boolean }> {
  const file = indexFile(name, version);
  const cached = readCached(file, name, version);
  if (cached) return { index: cached, fetched: false };
  mkdirSync(providerCacheDir(), { recursive: true });
  const work = mkdtempSync(join(providerCacheDir(), ".fetch-"));
  try {
    let packed: { filename: string; integrity: string }[];
    try {
      const { stdout } = await run(
        "npm",
        ["pack", `${name}@${version}`, "--json", "--silent", "--pack-destination", work, "--loglevel=error"],
        { maxBuffer: 64 * 1024 * 1024, cwd: work },
      );
      packed = JSON.parse(stdout) as { filename: string; integrity: string }[];
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      throw new Error(`npm pack ${name}@${version} failed: ${(err.stderr ?? "").trim() || err.message}`);
    }
    const tarball = join(work, basename(packed[0]?.filename ?? ""));
    if (!packed[0] || !existsSync(tarball)) throw new Error(`npm pack ${name}@${version} wrote no tarball`);
    const index = await buildIndex(tarball, name, version, packed[0].integrity);
    const tmp = join(work, "index.json");
    writeFileSync(tmp, JSON.stringify(index));
    mkdirSync(dirname(file), { recursive: true });
    renameSync(tmp, file);
    return { index, fetched: true };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export interface FetchReport {
  readonly indexes: ReadonlyMap<string, ProviderIndex>;
  /** The packages downloaded this time (the others came from the cache). */
  readonly fetched: readonly string[];
  readonly milliseconds: number;
}

/** Makes sure every pinned provider has its index in the cache; downloads the missing ones in parallel. */
export async function ensureProviderIndexes(
  versions: Record<string, string> = pinnedProviderVersions(),
): Promise<FetchReport> {
  const started = performance.now();
  const results = await Promise.all(
    Object.entries(versions).map(async ([name, version]) => ({ name, version, ...(await fetchOne(name, version)) })),
  );
  return {
    indexes: new Map(results.map((r) => [r.name, r.index])),
    fetched: results.filter((r) => r.fetched).map((r) => `${r.name}@${r.version}`),
    milliseconds: Math.round(performance.now() - started),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureProviderIndexes().then(
    (report) => {
      const what = report.fetched.length > 0 ? `fetched ${report.fetched.join(", ")}` : "all cached";
      process.stderr.write(`provider type indexes in ${providerCacheDir()}: ${what} (${report.milliseconds} ms)\n`);
    },
    (e: unknown) => {
      process.stderr.write(`fetch-provider-types: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
