/** Small builders for preview documents in the engine's shape, for tests that need one change at a time. */

export const STACK = "acme-prod";
export const PROJECT = "orders";
const STACK_URN = `urn:pulumi:${STACK}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${STACK}`;

export function urn(type: string, name: string, parentTypes: string[] = []): string {
  return `urn:pulumi:${STACK}::${PROJECT}::${[...parentTypes, type].join("$")}::${name}`;
}

export interface StateOptions {
  protect?: boolean;
  retainOnDelete?: boolean;
  parent?: string;
  urn?: string;
  sourcePosition?: string;
}

export function state(type: string, name: string, inputs: Record<string, unknown>, opts: StateOptions = {}) {
  return {
    urn: opts.urn ?? urn(type, name),
    custom: true,
    type,
    id: `${name}-1234567`,
    inputs,
    outputs: { ...inputs, arn: `arn:${name}` },
    parent: opts.parent ?? STACK_URN,
    protect: opts.protect ?? false,
    retainOnDelete: opts.retainOnDelete ?? false,
    ...(opts.sourcePosition ? { sourcePosition: opts.sourcePosition } : {}),
  };
}

export interface StepSpec {
  op: string;
  urn: string;
  oldState?: ReturnType<typeof state>;
  newState?: ReturnType<typeof state>;
  replaceReasons?: string[];
  diffReasons?: string[];
}

export function previewDoc(steps: StepSpec[], diagnostics: { urn?: string; message: string; severity: string }[] = []) {
  const changeSummary: Record<string, number> = {};
  for (const s of steps) changeSummary[s.op] = (changeSummary[s.op] ?? 0) + 1;
  return {
    config: {},
    steps: steps.map((s) => ({ detailedDiff: null, ...s })),
    diagnostics,
    duration: 1000,
    changeSummary,
  };
}

export const DB = "aws:rds/instance:Instance";
export const ROLE = "aws:iam/role:Role";
export const TABLE = "aws:dynamodb/table:Table";
