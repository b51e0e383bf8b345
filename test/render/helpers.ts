/** Shared helpers of the render tests: the real tools from ../shared/tools, fixture files, short locations. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { locateRendered, SourceCache, type RenderedObject } from '../../src/render/index.js';
import type { Path } from '../../src/shared/types.js';

export const projectRoot = path.resolve(import.meta.dirname, '../..');
export const kubectl = path.resolve(projectRoot, '../shared/tools/kubectl');
export const helm = path.resolve(projectRoot, '../shared/tools/helm');
export const hasKubectl = existsSync(kubectl);
export const hasHelm = existsSync(helm);
export const fixtures = path.join(projectRoot, 'test/fixtures/render');

export function filesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) filesUnder(p, out);
    else out.push(p);
  }
  return out;
}

/** `file:line:column via` of a path in a rendered object, file relative to `root`. */
export function where(root: string, object: RenderedObject, p: Path, cache = new SourceCache()): string {
  const l = locateRendered(object, p, cache);
  return `${path.relative(root, l.filePath)}:${l.line}:${l.column} ${l.via}${l.exact ? '' : ' (deepest)'}`;
}

/** The index of the container named `name` in a rendered pod template. */
export function containerIndex(object: RenderedObject, name: string): number {
  const spec = (object.object.spec as any).template.spec;
  return spec.containers.findIndex((c: any) => c.name === name);
}
