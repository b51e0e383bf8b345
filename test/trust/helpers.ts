/** Shared helpers of the output side of the hostile-tree suite (test/trust/output-*.test.ts). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../../src/cli/cli.js';

export function tempTree(prefix = 'kubeward-trust-output-'): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

export function write(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** The command line, run in `cwd` with no config and no colour unless asked; what it printed and its exit code. */
export async function cli(args: string[], cwd: string, options: { config?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await run([...(options.config ? [] : ['--no-config']), '--no-color', ...args], {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    stdin: async () => '',
    isTTY: false,
    env: {},
    cwd,
  });
  return { code, stdout, stderr };
}

/** Every control character `inert` writes as an escape; a line feed is allowed only as the line separator. */
// eslint-disable-next-line no-control-regex -- finding the control characters is the point
export const CONTROL_BUT_LF = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

/** A line that the GitHub Actions runner would read as a workflow command (it trims leading blanks). */
export const startsCommand = (line: string) => line.trimStart().startsWith('::');

/** A Pod named `name` (written as a double-quoted YAML string, so it can hold any character). */
export function podNamed(name: string, namespace = 'trust'): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${JSON.stringify(name)}
  namespace: ${namespace}
spec:
  containers:
  - name: app
    image: nginx:1.27
`;
}

/** Pod names and file names an attacker would write: workflow commands after a line break, ANSI and OSC escapes. */
export const FORGED = [
  '\n::error file=README.md,line=1::x',
  '\r\n::add-mask::ghp_secret',
  '\n::stop-commands::pwned\n::error::after',
  '\u001b[2K\u001b[1Aok \u001b]0;title\u0007\u001b]8;;https://evil.example\u001b\\link\u001b]8;;\u001b\\',
  '\u009b2K\u2028::error::ls\u202etxt.yaml',
];
