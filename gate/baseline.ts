import { readFileSync } from "node:fs";
import type { ReportItem } from "../src/report/model.js";

/**
 * A baseline records the blocking findings a legacy stack already has, so adopting the gate fails only on new
 * ones. An entry is the finding's identity, not its text: code, resource URN and operation.
 */

export const BASELINE_FORMAT = "stateguard-gate-baseline";

export interface BaselineEntry {
  readonly code: string;
  readonly urn: string;
  readonly operation: string;
}

export interface Baseline {
  readonly format: typeof BASELINE_FORMAT;
  readonly version: 1;
  readonly createdAt: string;
  readonly entries: readonly BaselineEntry[];
}

export class BaselineError extends Error {
  override name = "BaselineError";
}

export function baselineKey(entry: BaselineEntry): string {
  return `${entry.code}\u0000${entry.urn}\u0000${entry.operation}`;
}

export function recordBaseline(items: readonly ReportItem[], now: Date): Baseline {
  const seen = new Map<string, BaselineEntry>();
  for (const item of items) {
    if (item.status !== "blocked" || !item.finding.resource?.urn) continue;
    const entry = { code: item.finding.code, urn: item.finding.resource.urn, operation: item.operation ?? "" };
    seen.set(baselineKey(entry), entry);
  }
  const entries = [...seen.values()].sort((a, b) => baselineKey(a).localeCompare(baselineKey(b)));
  return { format: BASELINE_FORMAT, version: 1, createdAt: now.toISOString(), entries };
}

export function loadBaseline(file: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new BaselineError(`${file}: ${err.code ? `cannot read: ${err.code}` : `not valid JSON: ${err.message}`}`);
  }
  const doc = raw as Partial<Baseline> | null;
  if (typeof doc !== "object" || doc === null || doc.format !== BASELINE_FORMAT || !Array.isArray(doc.entries)) {
    throw new BaselineError(`${file}: not a stateguard gate baseline (record one with \`stateguard gate baseline\`)`);
  }
  (doc.entries as unknown[]).forEach((value, i) => {
    const e = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
    if (typeof e.code !== "string" || typeof e.urn !== "string" || typeof e.operation !== "string") {
      throw new BaselineError(`${file}: entries[${i}]: expected { code, urn, operation } strings`);
    }
  });
  return doc as Baseline;
}
