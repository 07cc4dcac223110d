import { createHash, randomBytes } from "node:crypto";
import type { Provider } from "@pulumi/pulumi/provider/index.js";
import { standInType, type StandInType } from "./types.js";

/**
 * A schema-less stand-in for a cloud provider. It keeps no cloud state of its own: the engine's state is the
 * truth, exactly as with a real provider whose cloud never drifts. Diffs follow the per-type force-new table, so
 * `pulumi preview` plans real creates, updates, replaces and deletes.
 *
 * Nothing here may write to stdout: the engine reads the provider's port from it.
 */

type Props = Record<string, unknown>;

export function getPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split(".")) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Props)[key];
  }
  return current;
}

function setPath(target: Props, path: string, value: unknown): Props {
  const keys = path.split(".");
  const copy: Props = { ...target };
  let cursor = copy;
  for (const key of keys.slice(0, -1)) {
    const next = cursor[key];
    cursor[key] = typeof next === "object" && next !== null ? { ...(next as Props) } : {};
    cursor = cursor[key] as Props;
  }
  cursor[keys[keys.length - 1]!] = value;
  return copy;
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Props)[k])}`)
      .join(",")}}`;
  }
  // Property values are JSON-shaped; undefined (an absent input) is the one value JSON cannot spell.
  return value === undefined ? "undefined" : JSON.stringify(value);
}

function logicalName(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

function typeOf(urn: string): string {
  const parts = urn.split("::");
  const chain = parts[2] ?? "";
  return chain.slice(chain.lastIndexOf("$") + 1);
}

/** A physical name derived from the URN, so previews are repeatable (the SDK's check gets no random seed). */
export function autoName(urn: string): string {
  const suffix = createHash("sha256").update(urn).digest("hex").slice(0, 7);
  return `${logicalName(urn)}-${suffix}`.toLowerCase();
}

/** Keys a diff compares: every input either side, minus the outputs the stand-in computes. */
function inputKeys(spec: StandInType, olds: Props, news: Props): string[] {
  const computed = new Set(Object.keys(spec.outputs?.("x", {}) ?? {}));
  return [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter((k) => !computed.has(k));
}

function withOutputs(spec: StandInType, id: string, inputs: Props): Props {
  return { ...inputs, ...(spec.outputs?.(id, inputs) ?? {}) };
}

function idFor(spec: StandInType, urn: string, inputs: Props): string {
  const name = spec.nameProperty ? getPath(inputs, spec.nameProperty) : undefined;
  return typeof name === "string" && name !== "" ? name : `${logicalName(urn)}-${randomBytes(4).toString("hex")}`;
}

export function createStandInProvider(version: string): Provider {
  return {
    version,
    check(urn, olds: Props, news: Props) {
      const spec = standInType(typeOf(urn));
      let inputs: Props = { ...news };
      if (spec.nameProperty && getPath(news, spec.nameProperty) === undefined) {
        const previous = getPath(olds, spec.nameProperty);
        inputs = setPath(inputs, spec.nameProperty, typeof previous === "string" ? previous : autoName(urn));
      }
      return Promise.resolve({ inputs });
    },
    diff(_id, urn, olds: Props, news: Props) {
      const spec = standInType(typeOf(urn));
      const changed = inputKeys(spec, olds, news).filter((k) => stable(olds[k]) !== stable(news[k]));
      const replaces = spec.replaceOn.filter((path) => stable(getPath(olds, path)) !== stable(getPath(news, path)));
      return Promise.resolve({
        changes: changed.length > 0,
        replaces,
        stables: spec.replaceOn.filter((p) => !replaces.includes(p)),
        deleteBeforeReplace: false,
      });
    },
    create(urn, inputs: Props) {
      const spec = standInType(typeOf(urn));
      const id = idFor(spec, urn, inputs);
      return Promise.resolve({ id, outs: withOutputs(spec, id, inputs) });
    },
    read(id, urn, props?: Props) {
      const spec = standInType(typeOf(urn));
      return Promise.resolve({ id, props: withOutputs(spec, id, props ?? {}) });
    },
    update(id, urn, _olds: Props, news: Props) {
      return Promise.resolve({ outs: withOutputs(standInType(typeOf(urn)), id, news) });
    },
    async delete() {
      // Nothing to do: the stand-in's "cloud" is the engine's state.
    },
  };
}
