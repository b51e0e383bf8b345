/**
 * JSON Schema of the config's `customChecks` (to merge under `properties` of schemas/kubeward-config.schema.json).
 */
export const customChecksSchema = {
  type: 'array',
  description: 'Checks written in CEL (the Kubernetes CEL environment), run on every object they match.',
  items: {
    type: 'object',
    required: ['id', 'expression'],
    additionalProperties: false,
    properties: {
      id: {
        type: 'string',
        pattern: '^[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*$',
        description: 'Check id, "owner/name"; used in rules, overrides and suppressions.',
      },
      level: { enum: ['error', 'warn', 'warning'], default: 'error' },
      description: { type: 'string' },
      remediation: { type: 'string' },
      match: {
        type: 'object',
        additionalProperties: false,
        properties: {
          kinds: { type: 'array', items: { type: 'string' }, minItems: 1 },
          apiGroups: { type: 'array', items: { type: 'string' }, minItems: 1 },
          namespaces: { type: 'array', items: { type: 'string' }, minItems: 1 },
        },
      },
      expression: { type: 'string', minLength: 1, description: 'CEL; true when the object passes. Variables: object, namespaceObject, variables.' },
      message: { type: 'string' },
      messageExpression: { type: 'string', description: 'CEL giving the message (a string); falls back to message.' },
      variables: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name', 'expression'],
          additionalProperties: false,
          properties: { name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }, expression: { type: 'string', minLength: 1 } },
        },
      },
    },
  },
} as const;
