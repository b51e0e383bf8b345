/**
 * Needs ../shared/corpus (real public GitOps repositories); skipped when it is absent. Linting whole GitOps
 * repositories finishes without a crash, and a file gets a parsing error only when it is not valid YAML.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../../src/engine/index.js';

const gitops = path.resolve(__dirname, '../../../shared/corpus/gitops');

describe.skipIf(!fs.existsSync(gitops))('corpus: ../shared/corpus/gitops', () => {
  it('lints every repository without a crash; parsing errors only for invalid YAML', async () => {
    const results = await lintFiles([gitops], { cwd: gitops });
    expect(results.length).toBe(107);
    const internal = results.flatMap((r) => r.messages.filter((m) => m.messageId === 'internalError'));
    expect(internal).toEqual([]);
    const parseErrors = results.filter((r) => r.fatalErrorCount > 0);
    for (const r of parseErrors) {
      // The yaml package in YAML 1.2 mode must agree the file is broken (or it is a Helm template).
      const text = fs.readFileSync(r.filePath, 'utf8');
      const docs = parseAllDocuments(text);
      const broken = (Array.isArray(docs) ? docs : [docs]).some((d) => d.errors.length > 0);
      expect(broken || text.includes('{{'), `${r.filePath}: ${r.messages.find((m) => m.fatal)?.message}`).toBe(true);
    }
    expect(results.reduce((n, r) => n + (r.objectCount ?? 0), 0)).toBeGreaterThan(50);
    expect(results.reduce((n, r) => n + r.errorCount, 0)).toBeGreaterThan(0);
  });
});
