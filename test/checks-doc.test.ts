/** docs/checks.md is generated from the checks' meta; this fails when it is out of date. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { WORKLOAD_KINDS } from '../src/k8s/index.js';
// @ts-expect-error plain ESM script without types
import { CHECKS_DOC, renderChecksDoc } from '../scripts/gen-checks-doc.mjs';

describe('docs/checks.md', () => {
  it('is current (run `npm run docs:checks` to regenerate it)', () => {
    expect(fs.readFileSync(CHECKS_DOC, 'utf8')).toBe(renderChecksDoc(checks, WORKLOAD_KINDS));
  });

  it('lists every check once, linked to a README that exists, with its level and guideline', () => {
    const text: string = renderChecksDoc(checks, WORKLOAD_KINDS);
    for (const check of checks) {
      const link = `[\`${check.meta.id}\`](../checks/${check.meta.id}/README.md)`;
      expect(text.split(link).length - 1, check.meta.id).toBe(1);
      expect(fs.existsSync(path.resolve(path.dirname(CHECKS_DOC), `../checks/${check.meta.id}/README.md`)), `${check.meta.id} README`).toBe(true);
      const row = text.split('\n').find((line) => line.startsWith(`| ${link}`))!;
      expect(row.split(' | ')[1]).toMatch(new RegExp(`^${check.meta.severity}`));
      expect(row).toContain(check.meta.guideline.replace(/\|/g, '\\|'));
    }
  });

  it('collapses the workload kinds and escapes table pipes', () => {
    const fake = [
      {
        meta: {
          id: 'zz-fake',
          description: 'a | b',
          severity: 'warning',
          scope: 'object',
          kinds: ['Namespace', ...WORKLOAD_KINDS],
          guideline: 'G',
          recommended: false,
        },
      },
      { meta: { id: 'aa-fake', description: 'd', severity: 'error', scope: 'repository', guideline: 'G2' } },
    ];
    const text: string = renderChecksDoc(fake, WORKLOAD_KINDS);
    expect(text).toContain('| [`zz-fake`](../checks/zz-fake/README.md) | warning (strict only) | object | Namespace, workloads | a \\| b | G |');
    expect(text).toContain('| [`aa-fake`](../checks/aa-fake/README.md) | error | repository | every kind | d | G2 |');
    expect(text.indexOf('aa-fake')).toBeLessThan(text.indexOf('zz-fake'));
    expect(text).toContain('kubeward has 2 checks (1 error and 1 warning by default)');
  });
});
