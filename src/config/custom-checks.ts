/** The config's `customChecks` (CEL, src/policy) as checks, compiled once per config object. */
import type { Check } from '../check-api.js';
import { celRuntime, customCheckAsCheck, type CustomCheckConfig, type CustomCheckError } from '../policy/index.js';
import { ConfigError } from '../shared/errors.js';
import type { KubewardConfig } from './config.js';

const compiled = new WeakMap<object, { checks: Check[]; errors: CustomCheckError[] }>();

/** Compile `customChecks`: the checks, and the entries that cannot be used (`customChecks[i].expression`, why). */
export function compileConfigChecks(entries: readonly unknown[]): { checks: Check[]; errors: CustomCheckError[] } {
  let out = compiled.get(entries);
  if (out) return out;
  const { checks, errors } = celRuntime('customChecks').compileCustomChecks(entries);
  const byId = new Map((entries as CustomCheckConfig[]).map((e) => [e?.id, e]));
  const sources = (e: CustomCheckConfig | undefined) =>
    [e?.expression, e?.messageExpression, ...(e?.variables ?? []).map((v) => v?.expression)].filter((s): s is string => typeof s === 'string');
  out = { checks: checks.map((cc) => customCheckAsCheck(cc, sources(byId.get(cc.meta.id)))), errors };
  compiled.set(entries, out);
  return out;
}

/** The config's custom checks; an entry that does not compile is a ConfigError naming `customChecks[i].<field>`. */
export function customChecksOf(config: KubewardConfig): Check[] {
  if (!config.customChecks?.length) return [];
  const { checks, errors } = compileConfigChecks(config.customChecks);
  if (errors.length) throw new ConfigError(`${errors[0].key}: ${errors[0].message}`, errors[0].key);
  return checks;
}
