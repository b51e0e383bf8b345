import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import AjvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { checkCatalogue } from '../src/engine/index.js';
import { rulesMeta } from '../src/report/index.js';
import { lintFiles, lintText } from '../src/engine/index.js';
import { loadFormatter } from '../src/report/index.js';
import { findingFingerprint, sarif } from '../src/report/sarif.js';
import { relativeToRoot } from '../src/report/paths.js';
import type { LintResult } from '../src/shared/types.js';
import type { FormatterContext } from '../src/report/index.js';
import { VERSION } from '../src/shared/version.js';
import { context, results } from './report-fixtures.js';

const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule) as unknown as typeof AjvModule.default;

/** The SARIF 2.1.0 schema: ../shared's copy when there is one, else the one @microsoft/jest-sarif ships. */
function sarifSchemaFile(): string | undefined {
  const shared = path.resolve(import.meta.dirname, '../../shared/sarif-schema-2.1.0.json');
  if (fs.existsSync(shared)) return shared;
  try {
    const require = createRequire(import.meta.url);
    const file = path.join(path.dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib/schemas/sarif-2.1.0-rtm.5.json');
    return fs.existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

const schemaFile = sarifSchemaFile();

/** A validator for the draft-04 schema with Ajv 8 (draft-07): `id` becomes `$id`; the schema uses no other draft-04-only keyword. */
function sarifValidator() {
  const schema = JSON.parse(fs.readFileSync(schemaFile!, 'utf8'));
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  // unicodeRegExp: false — the schema's `language` pattern is not valid with the `u` flag.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
  return ajv.compile(schema);
}

function expectValidSarif(log: unknown) {
  const validate = sarifValidator();
  const ok = validate(log);
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
  expect(ok).toBe(true);
}

const hash = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex');

const expected = {
  $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
  version: '2.1.0',
  runs: [
    {
      tool: {
        driver: {
          name: 'kubeward',
          version: VERSION,
          semanticVersion: VERSION,
          informationUri: 'https://github.com/kubeward/kubeward',
          rules: [
            {
              id: 'image-tag',
              shortDescription: { text: 'Images are pinned to a tag or digest.' },
              fullDescription: { text: 'Images are pinned to a tag or digest.' },
              help: {
                text: 'Images are pinned to a tag or digest.\n\nHow to fix: Pin a version tag or a digest.\n\nDocumentation: https://example.test/checks/image-tag',
                markdown:
                  'Images are pinned to a tag or digest.\n\n**How to fix:** Pin a version tag or a digest.\n\n[Documentation](https://example.test/checks/image-tag)',
              },
              helpUri: 'https://example.test/checks/image-tag',
              defaultConfiguration: { level: 'warning' },
              properties: { tags: ['security', 'kubernetes'], precision: 'very-high', 'problem.severity': 'warning', 'security-severity': '5.0' },
            },
            {
              id: 'run-as-non-root',
              shortDescription: { text: 'Containers must not run as root.' },
              fullDescription: { text: 'Containers must not run as root. NSA/CISA Kubernetes Hardening Guide: non-root containers.' },
              help: {
                text: 'Containers must not run as root.\n\nHow to fix: Set securityContext.runAsNonRoot: true.\n\nGuideline: NSA/CISA Kubernetes Hardening Guide: non-root containers\n\nDocumentation: https://example.test/checks/run-as-non-root',
                markdown:
                  'Containers must not run as root.\n\n**How to fix:** Set securityContext.runAsNonRoot: true.\n\n**Guideline:** NSA/CISA Kubernetes Hardening Guide: non-root containers\n\n[Documentation](https://example.test/checks/run-as-non-root)',
              },
              helpUri: 'https://example.test/checks/run-as-non-root',
              defaultConfiguration: { level: 'error' },
              properties: { tags: ['security', 'kubernetes'], precision: 'very-high', 'problem.severity': 'error', 'security-severity': '8.0' },
            },
            {
              id: 'notice',
              shortDescription: { text: 'Something kubeward passed over or could not check (a Helm template, a custom resource without a schema).' },
              fullDescription: { text: 'Something kubeward passed over or could not check (a Helm template, a custom resource without a schema).' },
              help: {
                text: 'Something kubeward passed over or could not check (a Helm template, a custom resource without a schema).\n\nInformational: read the message for what was skipped and how to lint it.',
                markdown:
                  'Something kubeward passed over or could not check (a Helm template, a custom resource without a schema).\n\nInformational: read the message for what was skipped and how to lint it.',
              },
              defaultConfiguration: { level: 'note' },
              properties: { tags: ['kubernetes'], precision: 'very-high', 'problem.severity': 'recommendation' },
            },
            {
              id: 'parse-error',
              shortDescription: { text: 'The file could not be read or parsed as YAML or JSON.' },
              fullDescription: { text: 'The file could not be read or parsed as YAML or JSON.' },
              help: {
                text: 'The file could not be read or parsed as YAML or JSON.\n\nFix the syntax error at the reported position; kubeward lints nothing else in a document it cannot parse.',
                markdown:
                  'The file could not be read or parsed as YAML or JSON.\n\nFix the syntax error at the reported position; kubeward lints nothing else in a document it cannot parse.',
              },
              defaultConfiguration: { level: 'error' },
              properties: { tags: ['security', 'kubernetes'], precision: 'very-high', 'problem.severity': 'error' },
            },
          ],
        },
      },
      invocations: [
        {
          executionSuccessful: true,
          toolExecutionNotifications: [
            {
              level: 'warning',
              message: {
                text: '1 finding in "extra.yaml" left out: the file is outside the repository root, so it has no repository-relative location. Lint files inside the repository (or set the root).',
              },
            },
          ],
        },
      ],
      columnKind: 'utf16CodeUnits',
      artifacts: [
        { location: { uri: 'charts/app/templates/deployment.yaml', uriBaseId: '%SRCROOT%' } },
        { location: { uri: 'deploy/broken.yaml', uriBaseId: '%SRCROOT%' } },
        { location: { uri: 'deploy/web%20app.yaml', uriBaseId: '%SRCROOT%' } },
      ],
      results: [
        {
          ruleId: 'notice',
          ruleIndex: 2,
          level: 'note',
          message: { text: 'Helm or Go template passed over: render it first' },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: 'charts/app/templates/deployment.yaml', uriBaseId: '%SRCROOT%', index: 0 },
                region: { startLine: 5, startColumn: 3 },
              },
            },
          ],
          partialFingerprints: {
            'kubewardFindingHash/v1': hash('notice', 'charts/app/templates/deployment.yaml', 'template', 'Helm or Go template passed over: render it first'),
          },
        },
        {
          ruleId: 'parse-error',
          ruleIndex: 3,
          level: 'error',
          message: { text: 'Parsing error: Nested mappings are not allowed in compact mappings' },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: 'deploy/broken.yaml', uriBaseId: '%SRCROOT%', index: 1 },
                region: { startLine: 3, startColumn: 7 },
              },
            },
          ],
          partialFingerprints: {
            'kubewardFindingHash/v1': hash('parse-error', 'deploy/broken.yaml', 'yaml', 'Parsing error: Nested mappings are not allowed in compact mappings'),
          },
        },
        {
          ruleId: 'run-as-non-root',
          ruleIndex: 1,
          level: 'error',
          message: { text: 'Deployment "web" container "app" may run as root' },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: 'deploy/web%20app.yaml', uriBaseId: '%SRCROOT%', index: 2 },
                region: { startLine: 12, startColumn: 9, endLine: 12, endColumn: 24 },
              },
            },
          ],
          partialFingerprints: {
            'kubewardFindingHash/v1': hash(
              'run-as-non-root',
              'deploy/web%20app.yaml',
              'Deployment/shop/web',
              'spec.template.spec.containers[0].securityContext',
              'mayRunAsRoot',
            ),
          },
          properties: { object: 'Deployment/shop/web', path: 'spec.template.spec.containers[0].securityContext' },
        },
        {
          ruleId: 'image-tag',
          ruleIndex: 0,
          level: 'warning',
          message: { text: 'Deployment "web" uses an image with <no> tag & "no" digest' },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: 'deploy/web%20app.yaml', uriBaseId: '%SRCROOT%', index: 2 },
                region: { startLine: 14, startColumn: 18, endLine: 15, endColumn: 3 },
              },
            },
          ],
          partialFingerprints: {
            'kubewardFindingHash/v1': hash('image-tag', 'deploy/web%20app.yaml', 'Deployment/shop/web', 'spec.template.spec.containers[0].image', 'noTag'),
          },
          properties: { object: 'Deployment/shop/web', path: 'spec.template.spec.containers[0].image' },
        },
        {
          ruleId: 'run-as-non-root',
          ruleIndex: 1,
          level: 'error',
          message: { text: 'Deployment "web" container "sidecar" may run as root' },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: 'deploy/web%20app.yaml', uriBaseId: '%SRCROOT%', index: 2 },
                region: { startLine: 20, startColumn: 9, endLine: 20, endColumn: 28 },
              },
            },
          ],
          partialFingerprints: {
            'kubewardFindingHash/v1': hash(
              'run-as-non-root',
              'deploy/web%20app.yaml',
              'Deployment/shop/web',
              'spec.template.spec.containers[1].securityContext',
              'mayRunAsRoot',
            ),
          },
          properties: { object: 'Deployment/shop/web', path: 'spec.template.spec.containers[1].securityContext' },
          suppressions: [{ kind: 'inSource', status: 'accepted', justification: 'vendor image, OPS-12' }],
        },
        {
          ruleId: 'image-tag',
          ruleIndex: 0,
          level: 'warning',
          message: { text: 'Deployment "web" uses an image with no tag' },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: 'deploy/web%20app.yaml', uriBaseId: '%SRCROOT%', index: 2 },
                region: { startLine: 22, startColumn: 18, endLine: 22, endColumn: 30 },
              },
            },
          ],
          partialFingerprints: {
            'kubewardFindingHash/v1': hash('image-tag', 'deploy/web%20app.yaml', 'Deployment/shop/web', 'spec.template.spec.containers[1].image', 'noTag'),
          },
          properties: { object: 'Deployment/shop/web', path: 'spec.template.spec.containers[1].image' },
          suppressions: [{ kind: 'external', status: 'accepted', justification: 'listed in the baseline .kubeward-baseline.json' }],
        },
      ],
    },
  ],
};

describe('sarif formatter', () => {
  it('prints the exact SARIF log for fixed results', async () => {
    const output = await sarif(results, context);
    expect(output).toBe(`${JSON.stringify(expected, null, 2)}\n`);
  });

  it.skipIf(!schemaFile)('is valid against the SARIF 2.1.0 JSON schema', async () => {
    expectValidSarif(JSON.parse(await sarif(results, context)));
  });

  it.skipIf(!schemaFile)('the schema check can fail: a result with a bad level is refused', () => {
    const validate = sarifValidator();
    const bad = structuredClone(expected);
    (bad.runs[0].results[0] as { level: string }).level = 'fatal';
    expect(validate(bad)).toBe(false);
  });

  it('never writes an absolute URI or one that leaves the root', async () => {
    const log = JSON.parse(await sarif(results, context));
    const uris = JSON.stringify(log).match(/"uri": ?"[^"]*"/g) ?? [];
    expect(uris.length).toBeGreaterThan(0);
    for (const uri of uris) expect(uri).not.toMatch(/"uri": ?"(\/|[a-z]+:|\.\.)/);
    expect(relativeToRoot('/repo/../elsewhere/x.yaml', '/repo')).toBeUndefined();
    expect(relativeToRoot('/repository/x.yaml', '/repo')).toBeUndefined();
    expect(relativeToRoot('/repo/..hidden/x.yaml', '/repo')).toBe('..hidden/x.yaml');
    expect(relativeToRoot('/repo/a/x.yaml', '/repo')).toBe('a/x.yaml');
  });

  it('keeps a finding’s fingerprint when lines shift, and tells different findings apart', () => {
    const m = results[3].messages[0];
    const shifted = { ...m, line: m.line + 7, endLine: m.endLine! + 7 };
    expect(findingFingerprint('run-as-non-root', 'deploy/web.yaml', shifted)).toBe(findingFingerprint('run-as-non-root', 'deploy/web.yaml', m));
    const otherPath = { ...m, path: 'spec.template.spec.containers[1].securityContext' };
    expect(findingFingerprint('run-as-non-root', 'deploy/web.yaml', otherPath)).not.toBe(findingFingerprint('run-as-non-root', 'deploy/web.yaml', m));
    const otherObject = { ...m, object: 'Deployment/shop/api' };
    expect(findingFingerprint('run-as-non-root', 'deploy/web.yaml', otherObject)).not.toBe(findingFingerprint('run-as-non-root', 'deploy/web.yaml', m));
    expect(findingFingerprint('run-as-non-root', 'overlays/prod/web.yaml', m)).not.toBe(findingFingerprint('run-as-non-root', 'deploy/web.yaml', m));
  });

  it('is the built-in "sarif" format', async () => {
    const formatter = await loadFormatter('sarif', '/repo');
    expect(await formatter(results, context)).toBe(await sarif(results, context));
  });
});

describe('sarif on real lint results', () => {
  const realContext = (root: string): FormatterContext => ({
    cwd: root,
    color: false,
    rulesMeta: rulesMeta(checkCatalogue()),
    root,
    checks: checkCatalogue(),
  });

  it('points a YAML syntax error at its real line, not line 1', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-sarif-'));
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: {a: b\ndata: {}\n';
    const lintResults: LintResult[] = await lintText(text, { cwd: dir, filePath: 'broken.yaml', root: false });
    const fatal = lintResults[0].messages.find((m) => m.fatal)!;
    expect(fatal.line).toBeGreaterThan(1);
    const log = JSON.parse(await sarif(lintResults, realContext(dir)));
    const result = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'parse-error');
    expect(result.locations[0].physicalLocation.region.startLine).toBe(fatal.line);
    expect(result.locations[0].physicalLocation.region.startColumn).toBe(fatal.column);
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('broken.yaml');
  });

  it.skipIf(!schemaFile)('is valid SARIF for the insecure examples, with every check described and exact regions', async () => {
    const root = path.resolve(import.meta.dirname, '..');
    const lintResults = await lintFiles(['examples/insecure'], { cwd: root });
    const log = JSON.parse(await sarif(lintResults, realContext(root)));
    expectValidSarif(log);
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining(checks.map((c) => c.meta.id)));
    for (const rule of run.tool.driver.rules) {
      expect(rule.help.text).toMatch(/How to fix: |Fix the syntax|Informational/);
      if (checks.some((c) => c.meta.id === rule.id))
        expect(rule.helpUri).toBe(`https://github.com/kubeward/kubeward/blob/v${VERSION}/checks/${rule.id}/README.md`);
    }
    const messages = lintResults.flatMap((r) => r.messages);
    expect(run.results).toHaveLength(messages.length);
    const first = lintResults.find((r) => r.messages.length)!;
    const m = first.messages[0];
    const sarifFirst = run.results[0];
    expect(sarifFirst.ruleId).toBe(m.ruleId);
    expect(sarifFirst.locations[0].physicalLocation.artifactLocation.uri).toBe(path.relative(root, first.filePath).split(path.sep).join('/'));
    expect(sarifFirst.locations[0].physicalLocation.region).toEqual({ startLine: m.line, startColumn: m.column, endLine: m.endLine, endColumn: m.endColumn });
  });
});
