/**
 * A file named on the command line that an ignore file or pattern leaves out gets ESLint's warning instead of being
 * skipped silently, so an ignore file cannot hide a committed manifest from someone who names it; a folder's ignored
 * files are left out quietly, as in ESLint. `--no-warn-ignored` (what the pre-commit hook passes) says nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IGNORED_FILE_MESSAGE } from '../../src/cli/cli.js';
import { cli, tempTree, write } from './helpers.js';

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata:\n  level: info\n';
let tree: string;

beforeAll(() => {
  tree = tempTree('kubeward-trust-warn-ignored-');
  fs.mkdirSync(path.join(tree, '.git'));
  write(tree, 'deploy/a.yaml', CONFIG_MAP);
  write(tree, 'deploy/legacy/old.yaml', CONFIG_MAP);
  write(tree, 'deploy/vendor/v.yaml', CONFIG_MAP);
  write(tree, 'deploy/generated/g.yaml', CONFIG_MAP);
  write(tree, '.kubewardignore', 'deploy/legacy/\n');
  write(tree, '.kubeward.yaml', 'ignorePatterns: ["deploy/generated/**"]\n');
});
afterAll(() => fs.rmSync(tree, { recursive: true, force: true }));

const file = (rel: string) => path.join(tree, rel);
/** stylish drops a message's final period, as ESLint's does. */
const stylish = IGNORED_FILE_MESSAGE.replace(/\.$/, '');

describe('a file named on the command line that is ignored', () => {
  it('gets ESLint’s warning, whatever ignores it (.kubewardignore, the config’s ignorePatterns, --ignore-pattern)', async () => {
    const r = await cli(
      ['deploy/a.yaml', 'deploy/legacy/old.yaml', 'deploy/generated/g.yaml', 'deploy/vendor/v.yaml', '--ignore-pattern', 'deploy/vendor/**'],
      tree,
      { config: true },
    );
    expect(r.stdout).toBe(
      [
        '',
        file('deploy/generated/g.yaml'),
        `  1:1  warning  ${stylish}`,
        '',
        file('deploy/legacy/old.yaml'),
        `  1:1  warning  ${stylish}`,
        '',
        file('deploy/vendor/v.yaml'),
        `  1:1  warning  ${stylish}`,
        '',
        '✖ 3 problems (0 errors, 3 warnings)',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe('');
    // A warning: the exit code is 0, unless --max-warnings says otherwise (as in ESLint).
    expect(r.code).toBe(0);
    const strict = await cli(['deploy/legacy/old.yaml', '--max-warnings', '0'], tree, { config: true });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toBe('kubeward found too many warnings (maximum: 0).\n');
  });

  it('is one result with one warning and no rule in the JSON report, as ESLint gives it', async () => {
    const r = await cli(['--format', 'json', 'deploy/legacy/old.yaml'], tree, { config: true });
    expect(JSON.parse(r.stdout)).toEqual([
      {
        filePath: file('deploy/legacy/old.yaml'),
        messages: [{ ruleId: null, fatal: false, severity: 1, message: IGNORED_FILE_MESSAGE, messageId: 'fileIgnored', line: 1, column: 1 }],
        suppressedMessages: [],
        errorCount: 0,
        fatalErrorCount: 0,
        warningCount: 1,
        fixableErrorCount: 0,
        fixableWarningCount: 0,
      },
    ]);
  });

  it('says nothing with --no-warn-ignored (the pre-commit hook), --quiet, or for the ignored files of a folder', async () => {
    const quietly = await cli(['--no-warn-ignored', 'deploy/a.yaml', 'deploy/legacy/old.yaml', '--max-warnings', '0'], tree, { config: true });
    expect(quietly).toEqual({ code: 0, stdout: '', stderr: '' });
    const quiet = await cli(['--quiet', 'deploy/legacy/old.yaml', 'deploy/a.yaml'], tree, { config: true });
    expect(quiet).toEqual({ code: 0, stdout: '', stderr: '' });
    const folder = await cli(['deploy', '--max-warnings', '0'], tree, { config: true });
    expect(folder).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('is linted with --no-ignore, and then there is nothing to warn of', async () => {
    const r = await cli(['--no-ignore', '--format', 'json', 'deploy/legacy/old.yaml'], tree, { config: true });
    const [result] = JSON.parse(r.stdout) as Array<{ filePath: string; messages: Array<{ messageId?: string }> }>;
    expect(result.filePath).toBe(file('deploy/legacy/old.yaml'));
    expect(result.messages.map((m) => m.messageId)).not.toContain('fileIgnored');
  });
});
