/**
 * The engine's layout is the pipeline (docs/architecture.md): each folder of src/ is a stage, imports point down the
 * pipeline only, there is no import cycle, other folders use a stage through its entry module (shared/ holds leaf
 * modules, imported one by one), and no engine code names a check.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The stages, earliest first. A module may import from its own stage and from earlier ones. */
const STAGES = [
  'shared',
  'read',
  'parse',
  'k8s',
  'resources',
  'render',
  'validate',
  'fix',
  'check',
  'policy',
  'suppress',
  'config',
  'report',
  'engine',
  'cli',
  'action',
  'testing',
];
/** Files at the root of src/: the check contract (as low as shared) and the public API (the top). */
const ROOT_FILES: Record<string, number> = { 'check-api.ts': 0, 'index.ts': STAGES.length };

function tsFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(repo, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f).split(path.sep).join('/'));
}

/** Every relative import of a module, static, dynamic and type-only (`import('...')` in types too). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(repo, file), 'utf8');
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)'(\.{1,2}\/[^']+)'/gm)].map((m) => m[1]);
  return specs.map((s) => path.posix.normalize(path.posix.join(path.posix.dirname(file), s)).replace(/\.js$/, '.ts'));
}

function rankOf(file: string): number {
  const rel = file.slice('src/'.length);
  if (rel in ROOT_FILES) return ROOT_FILES[rel];
  const stage = STAGES.indexOf(rel.split('/')[0]);
  if (stage === -1) throw new Error(`${file} is in no stage folder: add its folder to STAGES in order, or move it`);
  return stage;
}

const stageOf = (file: string) => file.slice('src/'.length).split('/')[0];
const src = tsFiles('src');

describe('the engine is the pipeline', () => {
  it('has its modules in stage folders', () => {
    expect(src.length).toBeGreaterThan(30);
    for (const file of src) expect(() => rankOf(file)).not.toThrow();
  });

  it('imports point down the pipeline: no module imports a later stage', () => {
    const backwards: string[] = [];
    for (const file of src) {
      for (const target of importsOf(file)) {
        if (!target.startsWith('src/')) continue;
        if (rankOf(target) > rankOf(file)) backwards.push(`${file} -> ${target}`);
      }
    }
    expect(backwards).toEqual([]);
  });

  it('uses another stage only through its entry module (index.ts)', () => {
    const around: string[] = [];
    for (const file of src) {
      for (const target of importsOf(file)) {
        if (!target.startsWith('src/') || !target.slice(4).includes('/')) continue;
        if (stageOf(target) !== stageOf(file) && stageOf(target) !== 'shared' && !target.endsWith('/index.ts')) around.push(`${file} -> ${target}`);
      }
    }
    expect(around).toEqual([]);
  });

  it('has no import cycle among the modules of src/ and checks/', () => {
    const files = [...src, ...tsFiles('checks').filter((f) => !f.endsWith('/cases.ts'))];
    const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => t.startsWith('src/') || t.startsWith('checks/'))]));
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('names no check: the contract (meta) tells the engine all it needs', () => {
    const ids = fs
      .readdirSync(path.join(repo, 'checks'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
      .map((d) => d.name);
    expect(ids.length).toBeGreaterThan(30);
    const named: string[] = [];
    for (const file of src) {
      const text = fs.readFileSync(path.join(repo, file), 'utf8');
      for (const id of ids) if (new RegExp(`['"\`/]${id}['"\`/]`).test(text)) named.push(`${file}: ${id}`);
    }
    expect(named).toEqual([]);
  });

  it('checks use the contract, Kubernetes knowledge, the repository and their own helpers, never the engine', () => {
    const allowed = new Set(['shared', 'k8s', 'resources', 'check-api.ts']);
    const reaching: string[] = [];
    for (const file of tsFiles('checks').filter((f) => f !== 'checks/index.ts' && !f.endsWith('/cases.ts'))) {
      for (const target of importsOf(file)) {
        if (target.startsWith('src/') && !allowed.has(stageOf(target))) reaching.push(`${file} -> ${target}`);
      }
    }
    expect(reaching).toEqual([]);
  });
});
