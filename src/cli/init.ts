/**
 * `kubeward --init`: a starter `.kubeward.yaml` in the working folder. It never overwrites a config (nor writes
 * through a link: the file is created with O_EXCL), and asks its two questions only when standard input is a terminal.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_SCHEMA_FILE } from '../config/index.js';
import { UsageError } from '../shared/errors.js';
import { docsUrl } from '../shared/version.js';
import { KUBERNETES_VERSIONS, LATEST_KUBERNETES_VERSION } from '../validate/index.js';

const OLDEST_KUBERNETES_VERSION = KUBERNETES_VERSIONS[0];

export const INIT_FILE = '.kubeward.yaml';
const CONFIG_NAMES = ['.kubeward.yaml', '.kubeward.yml', '.kubeward.json'];

export interface InitAnswers {
  preset: 'recommended' | 'strict';
  kubernetesVersion: string;
}

/** Asks a question on the terminal; resolves to the answer, or undefined at the end of input. */
export type Ask = (question: string) => Promise<string | undefined>;

/** The starter config's text. */
export function starterConfig(answers: InitAnswers): string {
  return `# kubeward's configuration: ${docsUrl('docs/config.md')}
# yaml-language-server: $schema=${docsUrl(`schemas/${CONFIG_SCHEMA_FILE}`).replace('/blob/', '/raw/')}

# recommended: each check at its default level; strict: every check on, every warning an error.
extends: [${answers.preset}]

# The Kubernetes version your clusters run (quote it: YAML reads 1.30 as the number 1.3).
kubernetesVersion: "${answers.kubernetesVersion}"

# A check's level: off, warn or error (kubeward --list-checks lists the ids, kubeward --explain ID tells about one).
rules: {}
#  image-tag: warn
#  resource-limits: [warn, { cpuLimit: false }]

# Files never linted (relative to this file's folder), besides .gitignore and .kubewardignore.
ignorePatterns: []
#  - "**/generated/**"

linterOptions:
  # A kubeward-disable directive must say why ("# kubeward-disable-next-line <id> -- reason"); one without a
  # reason is reported and suppresses nothing.
  requireReason: true
`;
}

/** Write the starter config into `cwd`; resolves to what to print. */
export async function init(cwd: string, ask: Ask | undefined): Promise<string> {
  for (const name of CONFIG_NAMES) {
    if (fs.lstatSync(path.join(cwd, name), { throwIfNoEntry: false })) {
      throw new UsageError(`--init: ${name} already exists here; kubeward --init never overwrites a config (edit it, or move it away first)`);
    }
  }
  const pkg = readPackageJson(cwd);
  if (pkg && typeof pkg === 'object' && 'kubeward' in pkg) {
    throw new UsageError('--init: package.json already holds a "kubeward" config; kubeward --init never writes a second one');
  }
  const answers: InitAnswers = { preset: 'recommended', kubernetesVersion: LATEST_KUBERNETES_VERSION };
  if (ask) {
    answers.preset = await askUntil(
      ask,
      'Preset: recommended (each check at its default level) or strict (every warning an error)? [recommended] ',
      (a) => (a === '' ? 'recommended' : a === 'recommended' || a === 'strict' ? a : undefined),
      answers.preset,
    );
    answers.kubernetesVersion = await askUntil(
      ask,
      `Kubernetes version of your clusters (${OLDEST_KUBERNETES_VERSION} to ${LATEST_KUBERNETES_VERSION})? [${LATEST_KUBERNETES_VERSION}] `,
      (a) => (a === '' ? LATEST_KUBERNETES_VERSION : knownVersion(a.replace(/^v/, ''))),
      answers.kubernetesVersion,
    );
  }
  const target = path.join(cwd, INIT_FILE);
  let fd: number;
  try {
    // O_CREAT | O_EXCL: fails on anything already there, a link (even a dangling one) included.
    fd = fs.openSync(target, 'wx', 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`--init: ${INIT_FILE} already exists here; kubeward --init never overwrites a config`);
    throw new UsageError(`--init: cannot create ${INIT_FILE} here: ${(error as Error).message}`);
  }
  try {
    fs.writeSync(fd, starterConfig(answers));
  } finally {
    fs.closeSync(fd);
  }
  return `Wrote ${INIT_FILE} (${answers.preset} preset, Kubernetes ${answers.kubernetesVersion}). Run kubeward to lint this folder; docs: ${docsUrl('docs/config.md')}\n`;
}

function readPackageJson(cwd: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(path.join(cwd, 'package.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

function knownVersion(answer: string): string | undefined {
  return (KUBERNETES_VERSIONS as readonly string[]).includes(answer) ? answer : undefined;
}

/** Ask until the answer is valid (the question is asked again after a wrong one); the default at the end of input. */
async function askUntil<T>(ask: Ask, question: string, parse: (answer: string) => T | undefined, fallback: T): Promise<T> {
  for (let prompt = question; ; prompt = `Please answer one of the choices. ${question}`) {
    const answer = await ask(prompt);
    if (answer === undefined) return fallback;
    const value = parse(answer.trim().toLowerCase());
    if (value !== undefined) return value;
  }
}
