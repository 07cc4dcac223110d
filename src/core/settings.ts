import { Type, type Static } from "@sinclair/typebox";
import { STATEFUL_CATEGORIES, TYPE_TOKEN_PATTERN, type SafeValue, type StatefulCategory } from "./catalog.js";
import { DEFAULT_PROTECTED_STACKS } from "./stacks.js";

/**
 * Pack-wide settings, shared by every policy and by the gate. In policy-config.json they live under the key
 * SETTINGS_KEY, which the pack declares as a policy of its own so that the engine validates and delivers them
 * (the engine hands a policy only its own key's properties).
 */
export const SETTINGS_KEY = "stateguard-settings";

const typeToken = (description: string) => Type.String({ pattern: TYPE_TOKEN_PATTERN, description });

const safeValueSchema = Type.Unsafe<SafeValue>(
  Type.Union(
    [
      Type.Boolean(),
      Type.String(),
      Type.Object({ anyOf: Type.Array(Type.String(), { minItems: 1 }) }, { additionalProperties: false }),
      Type.Object({ not: Type.Union([Type.Boolean(), Type.String(), Type.Number()]) }, { additionalProperties: false }),
      Type.Object({ nonEmpty: Type.Literal(true) }, { additionalProperties: false }),
    ],
    {
      description:
        'The safe value: true/false or a string to equal, { "anyOf": [strings] }, { "not": value } or { "nonEmpty": true }.',
    },
  ),
);

const deletionProtectionFieldSchema = Type.Object(
  {
    property: Type.String({ minLength: 1, description: "The input property (a dotted path for nested ones)." }),
    safeValue: safeValueSchema,
    requiredExplicitly: Type.Optional(
      Type.Boolean({
        description: "True when the provider's default (field omitted) is unsafe, so the field must be set.",
        default: false,
      }),
    ),
    unless: Type.Optional(
      Type.Object(
        {
          property: Type.String({ minLength: 1, description: "Another input property (dotted path)." }),
          equals: Type.Union([Type.Boolean(), Type.String()], { description: "The value that lifts the rule." }),
        },
        { additionalProperties: false, description: "The field does not apply when this property has this value." },
      ),
    ),
  },
  { additionalProperties: false },
);

const statefulTypeSchema = Type.Object(
  {
    type: typeToken('The resource type token, e.g. "aws:rds/instance:Instance".'),
    why: Type.Optional(
      Type.String({
        minLength: 1,
        description: "Why losing it hurts, in a few words.",
        default: "declared stateful in policy-config.json",
      }),
    ),
    category: Type.Optional(
      Type.Unsafe<StatefulCategory>({
        type: "string",
        enum: [...STATEFUL_CATEGORIES],
        description: `What kind of state it holds: ${STATEFUL_CATEGORIES.join(", ")}.`,
        default: "other",
      }),
    ),
    replaceOn: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        description: "Input properties (dotted paths) whose change makes the provider replace it.",
        default: [],
      }),
    ),
    deletionProtection: Type.Optional(
      Type.Array(deletionProtectionFieldSchema, {
        description: "The provider's own fields that protect it from deletion, with their safe values.",
        default: [],
      }),
    ),
    statefulWhen: Type.Optional(
      Type.Object(
        { present: Type.String({ minLength: 1, description: "An input property (dotted path)." }) },
        {
          additionalProperties: false,
          description: "Stateful only for resources where this property is set (and not an empty list).",
        },
      ),
    ),
  },
  { additionalProperties: false },
);

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
    statefulTypes: Type.Optional(
      Type.Array(statefulTypeSchema, {
        description:
          "Resource types to add to the catalog of stateful types; for a type already in it, the fields given replace the built-in ones.",
        default: [],
      }),
    ),
    notStateful: Type.Optional(
      Type.Array(typeToken("A resource type token."), {
        description:
          "Resource types to drop from the catalog: never stateful, not even by failClosed (e.g. a cache you may lose).",
        default: [],
      }),
    ),
    replaceOn: Type.Optional(
      Type.Record(Type.String(), Type.Array(Type.String({ minLength: 1 })), {
        description:
          'Extra input properties that force a replacement, per type in the catalog: { "<type token>": ["property", ...] }.',
        default: {},
      }),
    ),
    failClosed: Type.Optional(
      Type.Boolean({
        description:
          "On protected stacks, count every custom resource type the catalog does not know as stateful (list the ones that are not in notStateful). Components and the engine's own types never count.",
        default: false,
      }),
    ),
  },
  { additionalProperties: false, description: "Settings shared by all stateguard policies and the gate." },
);

export type Settings = Required<Static<typeof settingsSchema>>;

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  protectedStacks: [...DEFAULT_PROTECTED_STACKS],
  protectedStackTags: {},
  statefulTypes: [],
  notStateful: [],
  replaceOn: {},
  failClosed: false,
});
