/**
 * CEL conformance cases from @bufbuild/cel-spec, run through kubeward's environment (with its compile-time check and
 * budget) and through plain @bufbuild/cel: every case the library passes must pass in kubeward's environment too.
 */
import { describe, expect, it } from 'vitest';
import { celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { getConformanceSuite } from '@bufbuild/cel-spec/testdata/tests.js';
import { compile, fromCel } from '../../src/policy/runtime.js';

const SUITES = ['basic', 'comparisons', 'integer_math', 'fp_math', 'lists', 'logic', 'macros', 'string', 'string_ext'];

function expected(v: any): unknown {
  switch (v?.kind?.case) {
    case 'int64Value':
      return BigInt(v.kind.value);
    case 'uint64Value':
      return BigInt(v.kind.value);
    case 'doubleValue':
    case 'stringValue':
    case 'boolValue':
      return v.kind.value;
    case 'nullValue':
      return null;
    case 'listValue':
      return v.kind.value.values.map(expected);
    default:
      return undefined; // maps, bytes, messages, types: not compared here
  }
}

const same = (a: unknown, b: unknown): boolean =>
  (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b)) ||
  JSON.stringify(a, (_, x) => (typeof x === 'bigint' ? `${x}n` : x)) === JSON.stringify(b, (_, x) => (typeof x === 'bigint' ? `${x}n` : x));

interface Case {
  name: string;
  expr: string;
  want: { error: true } | { value: unknown };
}

const cases: Case[] = [];
const suite = getConformanceSuite();
for (const s of suite.suites.filter((x) => SUITES.includes(x.name))) {
  for (const sub of s.suites) {
    for (const t of sub.tests) {
      const o: any = t.original;
      if (o.typeEnv.length || Object.keys(o.bindings).length || o.container || o.disableMacros || o.checkOnly) continue;
      const m = o.resultMatcher;
      if (m.case === 'evalError') cases.push({ name: `${s.name}/${sub.name}/${o.name}`, expr: o.expr, want: { error: true } });
      else if (m.case === 'value' && expected(m.value) !== undefined)
        cases.push({ name: `${s.name}/${sub.name}/${o.name}`, expr: o.expr, want: { value: expected(m.value) } });
    }
  }
}

const plainEnv = celEnv({ funcs: strings });
function passes(result: unknown, isError: boolean, want: Case['want']): boolean {
  if ('error' in want) return isError;
  return !isError && same(fromCel(result), want.value);
}
function plain(c: Case): boolean {
  try {
    const r = plan(plainEnv, parse(c.expr))();
    return passes(r, isCelError(r), c.want);
  } catch {
    return false;
  }
}
function kubeward(c: Case): boolean {
  const p = compile(c.expr, []);
  if (!p.ok) return 'error' in c.want; // unknown names are compile errors in kubeward (runtime errors in the suite)
  const r = p.evaluate({});
  if (r.kind === 'budget') return false;
  return passes(r.kind === 'value' ? r.value : undefined, r.kind === 'error', c.want);
}

describe('CEL conformance (sample from @bufbuild/cel-spec)', () => {
  const library = cases.filter(plain);

  it('runs the sample', () => {
    expect(cases.length).toBe(767);
    expect(library.length).toBe(767);
  });

  it('kubeward passes every case the library passes, except where it refuses unknown names at compile time', () => {
    const failing = library.filter((c) => !kubeward(c)).map((c) => `${c.name}: ${c.expr}`);
    // Kubernetes type-checks expressions, so an unknown variable or function never reaches evaluation; the suite's
    // untyped cases expect `unknown || true` to evaluate to true.
    expect(failing).toEqual(['basic/variables/unbound_is_runtime_error: x || true', 'basic/functions/unbound_is_runtime_error: f_unknown(17) || true']);
    expect(library.length - failing.length).toBe(765);
  });
});
