import { Type, type Static } from "@sinclair/typebox";
import { DEFAULT_PROTECTED_STACKS } from "./stacks.js";

/**
 * Pack-wide settings, shared by every policy and by the gate. In policy-config.json they live under the key
 * SETTINGS_KEY, which the pack declares as a policy of its own so that the engine validates and delivers them
 * (the engine hands a policy only its own key's properties).
 */
export const SETTINGS_KEY = "stateguard-settings";

export const settingsSchema = Type.Object(
  {
    protectedStacks: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        description:
          "Glob patterns for stack names (or org/project/stack) that are protected: stateguard's findings are mandatory there and advisory elsewhere.",
        default: [...DEFAULT_PROTECTED_STACKS],
      }),
    ),
    protectedStackTags: Type.Optional(
      Type.Record(Type.String(), Type.Array(Type.String()), {
        description: 'Stack tags that mark a stack as protected: tag name -> values, e.g. { "environment": ["prod"] }.',
        default: {},
      }),
    ),
  },
  { additionalProperties: false, description: "Settings shared by all stateguard policies and the gate." },
);

export type Settings = Required<Static<typeof settingsSchema>>;

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  protectedStacks: [...DEFAULT_PROTECTED_STACKS],
  protectedStackTags: {},
});
