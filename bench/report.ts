import type { Machine } from "./machine.js";
import type { Summary } from "./measure.js";
import { STARTUP_VARIANTS, type StartupVariant } from "./pack-startup.js";
import { SITUATIONS, type PreviewResult, type Situation } from "./preview.js";

export interface StartupResult {
  readonly variants: Record<StartupVariant, Summary>;
  /** Each variant's median over the precompiled JS pack's. */
  readonly ratioToJs: Record<StartupVariant, number>;
}

/** Everything one run measured; also what bench/results/latest.json holds. */
export interface BenchResults {
  readonly date: string;
  readonly runs: { readonly startup: number; readonly preview: number };
  readonly machine: Machine;
  readonly loadAverageAtEnd: number;
  readonly startup: StartupResult;
  readonly preview: PreviewResult;
}

interface Row {
  readonly label: string;
  readonly summary: Summary;
  readonly ratio?: number;
}

const NUMBER_WIDTH = 8;

export function formatReport(results: BenchResults): string {
  const { machine, preview } = results;
  const { customResources, components, total } = preview.program;
  return [
    `stateguard benchmark, ${results.date}`,
    `machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, ` +
      `pulumi ${machine.pulumi}, TypeScript ${machine.typescript}, ts-node ${machine.tsNode}`,
    `load average (1 min): ${machine.loadAverage} at start, ${results.loadAverageAtEnd} at end`,
    "",
    table(`Pack start-up, spawn -> port line (ms), N=${results.runs.startup}`, "vs JS", startupRows(results.startup)),
    "",
    table(
      `pulumi preview, ${total} resources = ${customResources} + ${components} components + stack (ms), N=${results.runs.preview}`,
      "with/without",
      previewRows(preview),
    ),
  ].join("\n");
}

function startupRows(startup: StartupResult): Row[] {
  return (Object.keys(STARTUP_VARIANTS) as StartupVariant[]).map((variant) => ({
    label: STARTUP_VARIANTS[variant],
    summary: startup.variants[variant],
    ratio: startup.ratioToJs[variant],
  }));
}

function previewRows(preview: PreviewResult): Row[] {
  return (Object.keys(SITUATIONS) as Situation[]).flatMap((situation) => {
    const result = preview.situations[situation];
    return [
      { label: `${SITUATIONS[situation]}, without pack`, summary: result.without },
      { label: `${SITUATIONS[situation]}, with pack`, summary: result.with, ratio: result.ratio },
    ];
  });
}

function table(title: string, ratioHeading: string, rows: readonly Row[]): string {
  const labelWidth = Math.max(...rows.map((r) => r.label.length)) + 2;
  const ratioWidth = ratioHeading.length + 3;
  const line = (label: string, numbers: readonly string[], ratio: string): string =>
    `  ${label.padEnd(labelWidth)}${numbers.map((n) => n.padStart(NUMBER_WIDTH)).join("")}${ratio.padStart(ratioWidth)}`.trimEnd();
  return [
    title,
    line("", ["median", "min", "max"], ratioHeading),
    ...rows.map((r) =>
      line(
        r.label,
        [ms(r.summary.medianMs), ms(r.summary.minMs), ms(r.summary.maxMs)],
        r.ratio === undefined ? "" : `${r.ratio.toFixed(2)}x`,
      ),
    ),
  ].join("\n");
}

function ms(value: number): string {
  return Math.round(value).toString();
}
