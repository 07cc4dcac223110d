import { GateInputError } from "./errors.js";
import { isStepOp, type DetailedDiffEntry, type ResourceView, type StepOp } from "./model.js";

/** Typed readers over untrusted JSON: every mismatch names the source and the field path. */

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export class Fields {
  constructor(readonly source: string) {}

  fail(field: string, message: string): never {
    throw new GateInputError(this.source, message, field);
  }

  object(value: unknown, field: string): Json {
    if (!isObject(value)) this.fail(field, `expected an object, found ${describe(value)}`);
    return value;
  }

  optionalObject(value: unknown, field: string): Json | undefined {
    return value === undefined || value === null ? undefined : this.object(value, field);
  }

  string(value: unknown, field: string): string {
    if (typeof value !== "string" || value === "")
      this.fail(field, `expected a non-empty string, found ${describe(value)}`);
    return value;
  }

  optionalString(value: unknown, field: string): string | undefined {
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value !== "string") this.fail(field, `expected a string, found ${describe(value)}`);
    return value;
  }

  optionalBoolean(value: unknown, field: string): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "boolean") this.fail(field, `expected true or false, found ${describe(value)}`);
    return value;
  }

  strings(value: unknown, field: string): string[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(field, `expected an array of strings, found ${describe(value)}`);
    return value.map((v, i) => {
      if (typeof v !== "string") this.fail(`${field}[${i}]`, `expected a string, found ${describe(v)}`);
      return v;
    });
  }

  stepOp(value: unknown, field: string): StepOp {
    if (!isStepOp(value)) this.fail(field, `unknown operation ${JSON.stringify(value)}`);
    return value;
  }

  array(value: unknown, field: string): unknown[] {
    if (!Array.isArray(value)) this.fail(field, `expected an array, found ${describe(value)}`);
    return value;
  }

  detailedDiff(value: unknown, field: string): Record<string, DetailedDiffEntry> | undefined {
    const raw = this.optionalObject(value, field);
    if (!raw) return undefined;
    const out: Record<string, DetailedDiffEntry> = {};
    for (const [path, entry] of Object.entries(raw)) {
      const e = this.object(entry, `${field}.${path}`);
      out[path] = {
        kind: this.string(e.kind, `${field}.${path}.kind`),
        inputDiff: this.optionalBoolean(e.inputDiff, `${field}.${path}.inputDiff`) ?? false,
      };
    }
    return out;
  }

  /** A resource state as the preview document and the event stream carry it (oldState/newState, old/new). */
  resource(value: unknown, field: string): ResourceView | undefined {
    const raw = this.optionalObject(value, field);
    if (!raw || Object.keys(raw).length === 0) return undefined;
    const urn = this.string(raw.urn, `${field}.urn`);
    const view: Record<string, unknown> = {
      urn,
      type: this.string(raw.type, `${field}.type`),
      custom: this.optionalBoolean(raw.custom, `${field}.custom`) ?? false,
      inputs: this.optionalObject(raw.inputs, `${field}.inputs`) ?? {},
      // Outputs are not kept: no decision reads them, and on a large preview they are half of the document.
      outputs: {},
    };
    this.optionalObject(raw.outputs, `${field}.outputs`);
    const optional: [string, unknown][] = [
      ["id", this.optionalString(raw.id, `${field}.id`)],
      ["parent", this.optionalString(raw.parent, `${field}.parent`)],
      // The engine omits these flags when they are false (Go's omitempty), in documents and events alike.
      ["protect", this.optionalBoolean(raw.protect, `${field}.protect`) ?? false],
      ["retainOnDelete", this.optionalBoolean(raw.retainOnDelete, `${field}.retainOnDelete`) ?? false],
      // The old state of a delete-before-replace is marked pending replacement.
      [
        "deleteBeforeReplace",
        (this.optionalBoolean(raw.deleteBeforeReplace, `${field}.deleteBeforeReplace`) ?? false) ||
          (this.optionalBoolean(raw.pendingReplacement, `${field}.pendingReplacement`) ?? false) ||
          undefined,
      ],
      ["sourcePosition", this.optionalString(raw.sourcePosition, `${field}.sourcePosition`)],
    ];
    for (const [key, v] of optional) if (v !== undefined) view[key] = v;
    if (raw.aliases !== undefined && raw.aliases !== null)
      view.aliases = this.aliasUrns(raw.aliases, `${field}.aliases`);
    return view as unknown as ResourceView;
  }

  /** Aliases in state are URN strings (older engines) or objects with a `urn` (newer ones). */
  private aliasUrns(value: unknown, field: string): string[] {
    return this.array(value, field).flatMap((a, i) => {
      if (typeof a === "string") return [a];
      if (isObject(a) && typeof a.urn === "string") return [a.urn];
      if (isObject(a)) return [];
      return this.fail(`${field}[${i}]`, `expected an alias, found ${describe(a)}`);
    });
  }
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string")
    return value === "" ? "an empty string" : `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${value}`;
  return typeof value === "object" ? "an object" : typeof value;
}
