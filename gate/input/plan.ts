import { Fields, isObject, type Json } from "./fields.js";
import { type GateInput, type PlannedStep, type ResourceView } from "./model.js";
import { typeFromUrn } from "./preview-json.js";

/**
 * An update plan (`pulumi preview --save-plan FILE`): `{ manifest, config, resourcePlans: { urn: { goal, steps,
 * state } } }`. A plan holds the new goal of each resource and its planned steps, not the old state: protect and
 * retainOnDelete of the old state are unknown, and the replacement reasons are the keys of the goal's input diff.
 */
export function isPlan(doc: Json): boolean {
  return isObject(doc.resourcePlans);
}

function diffKeys(goal: Json | undefined): string[] {
  const diff = goal && isObject(goal.inputDiff) ? goal.inputDiff : undefined;
  if (!diff) return [];
  return ["adds", "updates", "deletes"].flatMap((k) => {
    const part = diff[k];
    if (Array.isArray(part)) return part.filter((x): x is string => typeof x === "string");
    return isObject(part) ? Object.keys(part) : [];
  });
}

export function fromPlan(doc: Json, source: string): GateInput {
  const f = new Fields(source);
  const plans = f.object(doc.resourcePlans, "resourcePlans");
  const steps: PlannedStep[] = [];
  for (const [urn, raw] of Object.entries(plans)) {
    const at = `resourcePlans[${JSON.stringify(urn)}]`;
    const plan = f.object(raw, at);
    const goal = f.optionalObject(plan.goal, `${at}.goal`);
    const ops = f.strings(plan.steps, `${at}.steps`);
    const type = (goal && typeof goal.type === "string" ? goal.type : undefined) ?? typeFromUrn(urn);
    const keys = diffKeys(goal);
    const next: ResourceView | undefined = goal
      ? {
          urn,
          type,
          custom: f.optionalBoolean(goal.custom, `${at}.goal.custom`) ?? true,
          inputs: f.optionalObject(plan.state, `${at}.state`) ?? {},
          outputs: {},
          ...(typeof goal.parent === "string" && goal.parent ? { parent: goal.parent } : {}),
          ...(typeof goal.protect === "boolean" ? { protect: goal.protect } : {}),
        }
      : undefined;
    ops.forEach((raw, i) => {
      const op = f.stepOp(raw, `${at}.steps[${i}]`);
      const replacing = op === "replace" || op === "create-replacement";
      steps.push({
        op,
        urn,
        type,
        ...(next && op !== "delete" && op !== "delete-replaced" ? { new: next } : {}),
        replaceReasons: replacing ? keys : [],
        diffReasons: keys,
      });
    });
  }
  return { format: "plan", source, steps, policyViolations: [], errors: [], previewSucceeded: true };
}
