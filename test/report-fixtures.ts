/**
 * Fixed results for the formatter tests (test/report-*.test.ts): every kind of message a formatter meets, with the
 * repository root at /repo. Nothing here is computed, so the expected outputs are exact.
 */
import type { Check } from '../src/check-api.js';
import type { LintResult } from '../src/shared/types.js';
import type { FormatterContext } from '../src/report/index.js';

export const ROOT = '/repo';

export const fakeChecks: Check[] = [
  {
    meta: {
      id: 'run-as-non-root',
      description: 'Containers must not run as root',
      severity: 'error',
      scope: 'object',
      messages: { mayRunAsRoot: '{{object}} {{container}} may run as root' },
      remediation: 'Set securityContext.runAsNonRoot: true.',
      guideline: 'NSA/CISA Kubernetes Hardening Guide: non-root containers',
    },
    check: () => [],
  },
  {
    meta: {
      id: 'image-tag',
      description: 'Images are pinned to a tag or digest.',
      severity: 'warning',
      scope: 'object',
      messages: { noTag: '{{object}} uses an image with no tag' },
      remediation: 'Pin a version tag or a digest.',
      guideline: '',
    },
    check: () => [],
  },
];

export const context: FormatterContext = {
  cwd: '/repo/deploy',
  color: false,
  root: ROOT,
  checks: fakeChecks,
  rulesMeta: {
    'run-as-non-root': { type: 'problem', docs: { description: 'Containers must not run as root', url: 'https://example.test/checks/run-as-non-root' } },
    'image-tag': { type: 'problem', docs: { description: 'Images are pinned to a tag or digest.', url: 'https://example.test/checks/image-tag' } },
  },
};

function result(filePath: string, parts: Partial<LintResult>): LintResult {
  const messages = parts.messages ?? [];
  return {
    filePath,
    messages,
    suppressedMessages: parts.suppressedMessages ?? [],
    errorCount: messages.filter((m) => m.severity === 2).length,
    fatalErrorCount: messages.filter((m) => m.fatal).length,
    warningCount: messages.filter((m) => m.severity === 1).length,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    ...(parts.notices ? { notices: parts.notices } : {}),
  };
}

export const results: LintResult[] = [
  result('/repo/charts/app/templates/deployment.yaml', {
    notices: [
      {
        ruleId: null,
        severity: 0,
        message: 'Helm or Go template passed over: render it first',
        messageId: 'template',
        line: 5,
        column: 3,
      },
    ],
  }),
  result('/repo/clean.yaml', {}),
  result('/repo/deploy/broken.yaml', {
    messages: [
      {
        ruleId: null,
        fatal: true,
        severity: 2,
        message: 'Parsing error: Nested mappings are not allowed in compact mappings',
        messageId: 'yaml',
        line: 3,
        column: 7,
      },
    ],
  }),
  result('/repo/deploy/web app.yaml', {
    messages: [
      {
        ruleId: 'run-as-non-root',
        severity: 2,
        message: 'Deployment "web" container "app" may run as root',
        messageId: 'mayRunAsRoot',
        line: 12,
        column: 9,
        endLine: 12,
        endColumn: 24,
        remediation: 'Set securityContext.runAsNonRoot: true.',
        object: 'Deployment/shop/web',
        path: 'spec.template.spec.containers[0].securityContext',
      },
      {
        ruleId: 'image-tag',
        severity: 1,
        message: 'Deployment "web" uses an image with <no> tag & "no" digest',
        messageId: 'noTag',
        line: 14,
        column: 18,
        endLine: 15,
        endColumn: 3,
        remediation: 'Pin a version tag or a digest.',
        object: 'Deployment/shop/web',
        path: 'spec.template.spec.containers[0].image',
      },
    ],
    suppressedMessages: [
      {
        ruleId: 'run-as-non-root',
        severity: 2,
        message: 'Deployment "web" container "sidecar" may run as root',
        messageId: 'mayRunAsRoot',
        line: 20,
        column: 9,
        endLine: 20,
        endColumn: 28,
        object: 'Deployment/shop/web',
        path: 'spec.template.spec.containers[1].securityContext',
        suppressions: [{ kind: 'directive', justification: 'vendor image, OPS-12' }],
      },
      {
        ruleId: 'image-tag',
        severity: 1,
        message: 'Deployment "web" uses an image with no tag',
        messageId: 'noTag',
        line: 22,
        column: 18,
        endLine: 22,
        endColumn: 30,
        object: 'Deployment/shop/web',
        path: 'spec.template.spec.containers[1].image',
        suppressions: [{ kind: 'baseline', justification: 'listed in the baseline .kubeward-baseline.json' }],
      },
    ],
  }),
  result('/elsewhere/extra.yaml', {
    messages: [
      {
        ruleId: 'run-as-non-root',
        severity: 2,
        message: 'Pod "debug" container "sh" may run as root',
        messageId: 'mayRunAsRoot',
        line: 8,
        column: 7,
        endLine: 8,
        endColumn: 20,
        object: 'Pod/debug',
        path: 'spec.containers[0].securityContext',
      },
    ],
  }),
];
