/** Renders the GitOps corpus (when present) and records the time per repository. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderRepository } from '../../src/render/index.js';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const corpus = path.resolve(projectRoot, '../shared/corpus/gitops');
const kubectl = path.resolve(projectRoot, '../shared/tools/kubectl');
const helm = path.resolve(projectRoot, '../shared/tools/helm');
const ready = existsSync(corpus) && existsSync(kubectl) && existsSync(helm);

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === '.git' || name === 'node_modules') continue;
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

(ready ? describe : describe.skip)(`corpus renders${ready ? '' : ' (skipped: ../shared/corpus/gitops or the tools are absent)'}`, () => {
  for (const repo of ready ? readdirSync(corpus).sort() : []) {
    it(
      repo,
      async () => {
        const root = path.join(corpus, repo);
        const started = Date.now();
        const run = await renderRepository({ files: walk(root), root, tools: { kubectl, helm }, pathEnv: '/usr/bin:/bin' });
        const ms = Date.now() - started;
        console.log(
          `${repo}: ${ms} ms, ${run.entryPoints.length} entry points, ${run.objects.length} objects, ` +
            run.renders.map((r) => `${r.entryPoint}=${r.status}/${r.durationMs}ms/${r.objectCount}`).join(' ') +
            '\n  ' +
            run.diagnostics.map((d) => `${path.relative(root, d.filePath)}:${d.line}:${d.column} ${d.messageId} ${d.message}`).join('\n  '),
        );
        expect(run.renders.length).toBe(run.entryPoints.length);
        expect(run.objects.every((o) => !JSON.stringify(o.object).includes('config.kubernetes.io/origin'))).toBe(true);
      },
      120_000,
    );
  }
});
