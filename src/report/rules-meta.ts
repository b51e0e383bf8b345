import type { Check } from '../check-api.js';
import type { RuleMetaForFormatter } from './types.js';

/** ESLint's `rulesMeta` for formatters, from the checks' meta. */
export function rulesMeta(checks: readonly Check[]): Record<string, RuleMetaForFormatter> {
  const meta: Record<string, RuleMetaForFormatter> = {};
  for (const check of checks) {
    meta[check.meta.id] = {
      type: 'problem',
      docs: { description: check.meta.description, url: check.meta.docs?.url, recommended: check.meta.recommended !== false },
      messages: check.meta.messages,
      ...(check.meta.fixable ? { fixable: 'code' as const } : {}),
    };
  }
  return meta;
}
