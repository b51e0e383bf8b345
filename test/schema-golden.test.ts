/**
 * Golden suite of the schema rule: every manifest under test/fixtures/schema/valid gives no schema message (and no
 * fatal one); every manifest under test/fixtures/schema/invalid gives exactly the messages its `# expect LINE:COLUMN
 * MESSAGE` comments list, in order. `# kubernetes-version: X.Y` and `# strict-crds` comments set those options.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../src/engine/index.js';
import { createSchemaCheck } from '../src/validate/validate.js';

const ROOT = path.join(import.meta.dirname, 'fixtures', 'schema');

function yamlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? yamlFiles(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : []))
    .sort();
}

function optionsOf(text: string) {
  const version = /^# kubernetes-version: (\S+)$/m.exec(text)?.[1];
  return { kubernetesVersion: version, strictCrds: /^# strict-crds$/m.test(text) };
}

async function lintFixture(file: string) {
  const text = fs.readFileSync(file, 'utf8');
  const { kubernetesVersion, strictCrds } = optionsOf(text);
  // A fixture in a sub-folder is linted with its folder (a kustomization marks its patches, a CRD its resources).
  const inFolder = !['valid', 'invalid'].includes(path.basename(path.dirname(file)));
  const results = await lintFiles([inFolder ? path.dirname(file) : file], {
    cwd: path.dirname(file),
    checks: [createSchemaCheck({ strictCrds, schemaDirs: [path.join(ROOT, 'catalog')] })],
    kubernetesVersion,
    root: false,
  });
  const result = results.find((r) => r.filePath === file)!;
  return { text, result };
}

describe('schema golden suite: valid manifests', () => {
  const files = yamlFiles(path.join(ROOT, 'valid'));
  it('has at least 30 valid manifests', () => expect(files.length).toBeGreaterThanOrEqual(30));
  for (const file of files) {
    it(path.relative(ROOT, file), async () => {
      const { result } = await lintFixture(file);
      expect(result.messages.filter((m) => m.ruleId === 'schema' || m.fatal)).toEqual([]);
      expect(result.objectCount).toBeGreaterThan(0);
    });
  }
});

describe('schema golden suite: invalid manifests', () => {
  const files = yamlFiles(path.join(ROOT, 'invalid'));
  it('has at least 30 invalid manifests', () =>
    expect(files.filter((f) => !/^# helper: /m.test(fs.readFileSync(f, 'utf8'))).length).toBeGreaterThanOrEqual(30));
  for (const file of files) {
    it(path.relative(ROOT, file), async () => {
      const { text, result } = await lintFixture(file);
      const expected = [...text.matchAll(/^# expect (\d+):(\d+) (.*)$/gm)].map((m) => `${m[1]}:${m[2]} ${m[3]}`);
      // `# helper:` files (a CRD, a kustomization) serve the fixtures beside them and are valid themselves.
      if (!/^# helper: /m.test(text)) expect(expected.length, 'an invalid fixture lists at least one expected message').toBeGreaterThan(0);
      const actual = result.messages.filter((m) => m.ruleId === 'schema' || m.fatal).map((m) => `${m.line}:${m.column} ${m.message}`);
      expect(actual).toEqual(expected);
      for (const m of result.messages) if (m.ruleId === 'schema') expect(m.severity).toBe(2);
    });
  }
});
