/** Sampling helpers: run variants interleaved, summarise the samples. */

export interface Summary {
  /** Every sample in the order it was taken, so a reader can spot a warm-up effect or a noisy neighbour. */
  readonly samplesMs: readonly number[];
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

export function summarize(samplesMs: readonly number[]): Summary {
  if (samplesMs.length === 0) throw new Error("cannot summarise zero samples");
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const medianMs = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { samplesMs: [...samplesMs], medianMs, minMs: sorted[0]!, maxMs: sorted[sorted.length - 1]! };
}

/** How many times slower `candidate` is than `baseline`, by medians (the median shrugs off one disturbed run). */
export function medianRatio(candidate: Summary, baseline: Summary): number {
  return candidate.medianMs / baseline.medianMs;
}

/** Wall time of one async operation, in milliseconds. */
export async function timed(operation: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await operation();
  return performance.now() - start;
}

/**
 * Runs every variant `runs` times, rotating which variant goes first in each iteration: whatever drifts during
 * a run (page cache, CPU frequency, another process on the machine) then falls on all variants alike instead
 * of always on the one measured first. With two variants the rotation is a plain alternation.
 */
export async function sampleInterleaved<V extends string>(
  variants: readonly V[],
  runs: number,
  measure: (variant: V) => Promise<number>,
): Promise<Record<V, Summary>> {
  const samples = new Map<V, number[]>(variants.map((v) => [v, []]));
  for (let iteration = 0; iteration < runs; iteration++) {
    for (const variant of rotate(variants, iteration)) {
      samples.get(variant)!.push(await measure(variant));
    }
  }
  return Object.fromEntries([...samples].map(([v, s]) => [v, summarize(s)])) as Record<V, Summary>;
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
