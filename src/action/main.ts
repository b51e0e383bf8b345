/**
 * The GitHub Action's entry: the runner protocol through @actions/core (inputs, outputs, annotations and their
 * escaping, the job summary), then runAction. scripts/bundle-action.mjs bundles this file, with every dependency,
 * into action-dist/index.js, which action.yml runs on `node24`.
 */
import fs from 'node:fs';
import * as core from '@actions/core';
import { runAction, type Runner } from './action.js';

const runner: Runner = {
  getInput: (name) => core.getInput(name),
  setOutput: (name, value) => core.setOutput(name, value),
  annotate: (level, message, properties) => core[level](message, properties),
  log: (text) => {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  },
  appendSummary: async (markdown) => {
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown).write();
  },
  summarySize: () => {
    const file = process.env.GITHUB_STEP_SUMMARY;
    return file ? (fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) : undefined;
  },
};

runAction({ env: process.env, cwd: process.cwd(), runner }).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    core.error(`internal error: ${(error as Error)?.stack ?? String(error)}`, { title: 'kubeward' });
    process.exitCode = 2;
  },
);
