/**
 * A hand-written subset of the SARIF 2.1.0 schema: the objects stateguard emits, with the spec's required fields,
 * types, enums and URI formats (GitHub's upload check rejects a helpUri that is not an absolute URI, and an
 * artifact location that is not a URI reference). Properties SARIF allows but stateguard does not emit are not
 * listed; additional properties are allowed, as in SARIF (property bags aside, the full schema is stricter).
 */

const message = {
  type: "object",
  required: ["text"],
  properties: { text: { type: "string", minLength: 1 }, markdown: { type: "string" } },
};

const level = { enum: ["none", "note", "warning", "error"] };

const reportingDescriptor = {
  type: "object",
  required: ["id"],
  properties: {
    id: { type: "string", minLength: 1 },
    name: { type: "string" },
    shortDescription: message,
    fullDescription: message,
    help: message,
    helpUri: { type: "string", format: "uri" },
    defaultConfiguration: {
      type: "object",
      properties: { level, enabled: { type: "boolean" }, rank: { type: "number", minimum: -1, maximum: 100 } },
    },
  },
};

const location = {
  type: "object",
  properties: {
    physicalLocation: {
      type: "object",
      required: ["artifactLocation"],
      properties: {
        artifactLocation: {
          type: "object",
          properties: { uri: { type: "string", format: "uri-reference" }, uriBaseId: { type: "string" } },
        },
        region: {
          type: "object",
          properties: {
            startLine: { type: "integer", minimum: 1 },
            startColumn: { type: "integer", minimum: 1 },
            endLine: { type: "integer", minimum: 1 },
            endColumn: { type: "integer", minimum: 1 },
          },
        },
      },
    },
    logicalLocations: {
      type: "array",
      minItems: 0,
      uniqueItems: true,
      items: {
        type: "object",
        properties: {
          name: { type: "string" },
          fullyQualifiedName: { type: "string" },
          kind: { type: "string" },
        },
      },
    },
  },
};

const result = {
  type: "object",
  required: ["message"],
  properties: {
    ruleId: { type: "string" },
    ruleIndex: { type: "integer", minimum: -1 },
    level,
    kind: { enum: ["notApplicable", "pass", "fail", "review", "open", "informational"] },
    message,
    locations: { type: "array", items: location },
    partialFingerprints: { type: "object", additionalProperties: { type: "string" } },
    suppressions: {
      type: "array",
      uniqueItems: true,
      items: {
        type: "object",
        required: ["kind"],
        properties: {
          kind: { enum: ["inSource", "external"] },
          status: { enum: ["accepted", "underReview", "rejected"] },
          justification: { type: "string" },
        },
      },
    },
    properties: { type: "object" },
  },
};

export const sarifSubsetSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  required: ["version", "runs"],
  properties: {
    $schema: { type: "string", format: "uri" },
    version: { const: "2.1.0" },
    runs: {
      type: "array",
      items: {
        type: "object",
        required: ["tool"],
        properties: {
          tool: {
            type: "object",
            required: ["driver"],
            properties: {
              driver: {
                type: "object",
                required: ["name"],
                properties: {
                  name: { type: "string" },
                  version: { type: "string" },
                  informationUri: { type: "string", format: "uri" },
                  rules: { type: "array", uniqueItems: true, items: reportingDescriptor },
                },
              },
            },
          },
          columnKind: { enum: ["utf16CodeUnits", "unicodeCodePoints"] },
          results: { type: "array", items: result },
          properties: { type: "object" },
        },
      },
    },
  },
} as const;

/** The two URI formats, as the SARIF schema means them. */
export const sarifFormats = {
  uri: (value: string): boolean => /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]*$/.test(value) && URL.canParse(value),
  "uri-reference": (value: string): boolean =>
    /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/.test(value) && URL.canParse(value, "file:///root/"),
};
