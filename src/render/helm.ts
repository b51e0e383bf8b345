/**
 * Rendering one Helm entry point with `helm template` (no post-renderer, no repositories). A chart with `file://`
 * dependencies that charts/ does not hold is copied (regular files only) to a temporary folder with its dependencies
 * under charts/, as `helm dependency build` would; `# Source:` headers are mapped back to the repository's files.
 */
import { copyFileSync, lstatSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseText } from '../parse/index.js';
import { isRecord as isPlainObject } from '../k8s/index.js';
import type { KubeObject } from '../check-api.js';
import { chartDependencies } from './discover.js';
import { effectiveNamespace, type EntryOutcome } from './kustomize.js';
import { firstErrorLine, runTool, tempFolder, type ToolRunOptions } from './run.js';
import type { SourceCache } from './source.js';
import type { EntryPoint, RenderedObject } from './types.js';

const MAX_COPY_BYTES = 64 * 1024 * 1024;

/** Copy a folder's regular files (no links, no .git), within a byte budget. Returns the files copied. */
function copyTree(from: string, to: string, budget: { bytes: number }, files: string[]): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    if (name === '.git') continue;
    const source = path.join(from, name);
    const stat = lstatSync(source);
    if (stat.isDirectory()) copyTree(source, path.join(to, name), budget, files);
    else if (stat.isFile()) {
      budget.bytes -= stat.size;
      if (budget.bytes < 0) throw new Error('chart too large to copy');
      copyFileSync(source, path.join(to, name));
      files.push(source);
    }
  }
}

/** The regular files below `dir` (links are not followed: a chart's link out of the tree is never read). */
export function filesUnder(dir: string, out: string[] = []): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    if (name === '.git') continue;
    const p = path.join(dir, name);
    const stat = lstatSync(p, { throwIfNoEntry: false });
    if (stat?.isDirectory()) filesUnder(p, out);
    else if (stat?.isFile()) out.push(p);
  }
  return out;
}

export function chartName(cache: SourceCache, dir: string): string {
  const value = cache.file(path.join(dir, 'Chart.yaml'))?.documents[0]?.value;
  return isPlainObject(value) && typeof value.name === 'string' ? value.name : path.basename(dir);
}

/** Render one Helm entry point. */
export async function renderHelmEntry(entry: EntryPoint, helm: string, cache: SourceCache, run: ToolRunOptions): Promise<EntryOutcome> {
  const temp = tempFolder();
  try {
    const settings = entry.helm ?? { releaseName: 'release-name', valuesFiles: [], set: [] };
    const name = chartName(cache, entry.dir);
    // Where each `# Source:` prefix lives in the repository.
    const prefixes: Array<[string, string]> = [];
    let chartPath = entry.dir;
    const local = chartDependencies(cache, entry.dir).filter((d) => d.local && !d.vendored);
    const consumed = new Set<string>(filesUnder(entry.dir));
    if (local.length > 0) {
      chartPath = path.join(temp.dir, 'chart', path.basename(entry.dir));
      const budget = { bytes: MAX_COPY_BYTES };
      const copied: string[] = [];
      copyTree(entry.dir, chartPath, budget, copied);
      for (const dep of local) {
        const depName = chartName(cache, dep.local!);
        copyTree(dep.local!, path.join(chartPath, 'charts', dep.name), budget, copied);
        prefixes.push([`${name}/charts/${depName}/`, dep.local!]);
        for (const f of filesUnder(dep.local!)) consumed.add(f);
      }
    }
    prefixes.push([`${name}/`, entry.dir]);
    const args = ['template', settings.releaseName, chartPath];
    if (settings.namespace) args.push('--namespace', settings.namespace);
    for (const f of settings.valuesFiles) {
      args.push('-f', f);
      consumed.add(f);
    }
    if (settings.values !== undefined) {
      const file = path.join(temp.dir, 'inline-values.yaml');
      writeFileSync(file, typeof settings.values === 'string' ? settings.values : JSON.stringify(settings.values));
      args.push('-f', file);
    }
    for (const [k, v] of settings.set) args.push('--set', `${k}=${v}`);
    const result = await runTool(helm, args, run);
    if (result.code !== 0 || result.timedOut || result.overflow || result.error) {
      const error = firstErrorLine((result.error ?? result.stderr).split(temp.dir).join('<temp>'));
      return {
        status: 'failed',
        objects: [],
        error,
        timedOut: result.timedOut,
        overflow: result.overflow,
        durationMs: result.durationMs,
        consumed: [...consumed].sort(),
      };
    }
    const objects: RenderedObject[] = [];
    for (const chunk of result.stdout.split(/^---[ \t]*$/m)) {
      const source = /^# Source: (.+)$/m.exec(chunk)?.[1]?.trim();
      const parsed = parseText(chunk, 'helm-output.yaml');
      for (const document of parsed.documents) {
        if (!isPlainObject(document.value) || typeof document.value.kind !== 'string') continue;
        const object = document.value as KubeObject;
        const prefix = source ? prefixes.find(([p]) => source.startsWith(p)) : undefined;
        const filePath = prefix && source ? path.join(prefix[1], source.slice(prefix[0].length)) : entry.file;
        const namespace = effectiveNamespace(object, entry.defaultNamespace);
        objects.push({
          object,
          entryPoints: [entry.id],
          ...(namespace ? { namespace } : {}),
          origin: prefix ? { type: 'template', filePath } : { type: 'unknown', filePath },
          patches: [],
        });
      }
    }
    return { status: 'rendered', objects, durationMs: result.durationMs, consumed: [...consumed].sort() };
  } catch (error) {
    return { status: 'failed', objects: [], error: firstErrorLine((error as Error).message), durationMs: 0, consumed: [] };
  } finally {
    temp.remove();
  }
}
