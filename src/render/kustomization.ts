/**
 * What kubeward reads of a kustomization without running Kustomize: the folders and files it lists, the patches it
 * holds (files and inline), and the remote references it makes (never fetched).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { isRecord as isPlainObject } from '../k8s/index.js';
import type { Path } from '../shared/types.js';
import type { SourceCache } from './source.js';
import type { PatchSource, PatchTarget } from './types.js';

export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** A kustomization file of a folder, if it has one. `exists` decides (default: the disk). */
export function kustomizationFileOf(dir: string, exists: (filePath: string) => boolean = isFile): string | undefined {
  for (const name of KUSTOMIZATION_NAMES) {
    const file = path.join(dir, name);
    if (exists(file)) return file;
  }
  return undefined;
}

export function isFile(filePath: string): boolean {
  try {
    return statSync(filePath).isFile();
  } catch {
    return false;
  }
}

export function isDirectory(filePath: string): boolean {
  try {
    return statSync(filePath).isDirectory();
  } catch {
    return false;
  }
}

/** A reference Kustomize (or Helm) would fetch from the network. */
export function isRemote(entry: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ||
    entry.startsWith('git@') ||
    entry.startsWith('git::') ||
    entry.includes('?ref=') ||
    entry.includes('?version=') ||
    /^(?:github\.com|gitlab\.com|bitbucket\.org|ssh\.dev\.azure\.com|dev\.azure\.com)\//i.test(entry)
  );
}

/** One entry of `resources`, `bases` or `components`. */
export interface KustomizationEntry {
  field: 'resources' | 'bases' | 'components';
  index: number;
  value: string;
  /** Absolute path, for a local entry. */
  absolute?: string;
  remote: boolean;
  /** True when the local entry is a folder (a base or component). */
  isDir: boolean;
}

export interface Kustomization {
  file: string;
  dir: string;
  documentIndex: number;
  value: Record<string, unknown>;
  entries: KustomizationEntry[];
  /** Patches in the order Kustomize applies them: patchesStrategicMerge, patches, patchesJson6902. */
  patches: PatchSource[];
  /** Local files the kustomization reads besides resources (patch files, generator files). */
  readFiles: string[];
  /**
   * Other local files Kustomize reads for it (replacements, configurations, crds, openapi, transformer and generator
   * configs): they change what it renders, so a cached render depends on them, but they are no objects it deploys.
   */
  configFiles: string[];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : '')) : [];
}

export function targetOf(value: unknown): PatchTarget | undefined {
  if (!isPlainObject(value)) return undefined;
  const target: PatchTarget = {};
  for (const key of ['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector'] as const) {
    if (typeof value[key] === 'string') target[key] = value[key];
  }
  return target;
}

/** Read a kustomization file (undefined when it is not one). */
export function readKustomization(cache: SourceCache, file: string): Kustomization | undefined {
  const parsed = cache.file(file);
  const document = parsed?.documents.find((d) => isPlainObject(d.value));
  if (!document || !isPlainObject(document.value)) return undefined;
  const value = document.value;
  if (value.kind !== undefined && value.kind !== 'Kustomization' && value.kind !== 'Component') return undefined;
  const dir = path.dirname(file);
  const entries: KustomizationEntry[] = [];
  for (const field of ['resources', 'bases', 'components'] as const) {
    strings(value[field]).forEach((entry, index) => {
      if (!entry) return;
      if (isRemote(entry)) {
        entries.push({ field, index, value: entry, remote: true, isDir: false });
        return;
      }
      const absolute = path.resolve(dir, entry);
      entries.push({ field, index, value: entry, absolute, remote: false, isDir: isDirectory(absolute) });
    });
  }
  const patches: PatchSource[] = [];
  const readFiles: string[] = [];
  const ref = (p: Path) => ({ filePath: file, documentIndex: document.index, path: p });
  const filePatch = (relative: string, type: PatchSource['type'] | undefined, target?: PatchTarget) => {
    if (isRemote(relative)) return;
    const absolute = path.resolve(dir, relative);
    readFiles.push(absolute);
    const kind = type ?? patchFileType(cache, absolute);
    const count = type === 'json6902' ? 1 : Math.max(1, cache.file(absolute)?.documents.length ?? 1);
    for (let i = 0; i < count; i++) {
      const documentIndex = cache.file(absolute)?.documents[i]?.index ?? i;
      patches.push({ type: kind, ref: { filePath: absolute, documentIndex, path: [] }, inline: false, ...(target ? { target } : {}) });
    }
  };
  const inlinePatch = (p: Path, text: string, type: PatchSource['type'] | undefined, target?: PatchTarget) => {
    patches.push({ type: type ?? textPatchType(text), ref: ref(p), inline: true, ...(target ? { target } : {}) });
  };
  strings(value.patchesStrategicMerge).forEach((entry, i) => {
    if (!entry) return;
    if (entry.includes('\n') || /^\s*(apiVersion|kind)\s*:/m.test(entry)) inlinePatch(['patchesStrategicMerge', i], entry, 'strategic-merge');
    else filePatch(entry, 'strategic-merge');
  });
  for (const [field, type] of [
    ['patches', undefined],
    ['patchesJson6902', 'json6902'],
  ] as const) {
    const list = Array.isArray(value[field]) ? (value[field] as unknown[]) : [];
    list.forEach((item, i) => {
      // Kustomize v1's form, a bare file name (Kustomize v5 refuses it, so the render fails and says so).
      if (typeof item === 'string' && item !== '' && !item.includes('\n')) filePatch(item, type);
      if (!isPlainObject(item)) return;
      const target = targetOf(item.target);
      if (typeof item.path === 'string') filePatch(item.path, type, target);
      else if (typeof item.patch === 'string') inlinePatch([field, i, 'patch'], item.patch, type, target);
    });
  }
  for (const field of ['configMapGenerator', 'secretGenerator']) {
    const list = Array.isArray(value[field]) ? (value[field] as unknown[]) : [];
    for (const item of list) {
      if (!isPlainObject(item)) continue;
      for (const f of [...strings(item.files), ...strings(item.envs), ...(typeof item.env === 'string' ? [item.env] : [])]) {
        const name = f.includes('=') ? f.slice(f.indexOf('=') + 1) : f;
        if (name) readFiles.push(path.resolve(dir, name));
      }
    }
  }
  const configFiles: string[] = [];
  const local = (f: unknown) => {
    if (typeof f === 'string' && f !== '' && !f.includes('\n') && !isRemote(f)) configFiles.push(path.resolve(dir, f));
  };
  for (const r of Array.isArray(value.replacements) ? value.replacements : []) if (isPlainObject(r)) local(r.path);
  for (const field of ['configurations', 'crds', 'transformers', 'generators', 'validators']) strings(value[field]).forEach(local);
  if (isPlainObject(value.openapi)) local(value.openapi.path);
  return {
    file,
    dir,
    documentIndex: document.index,
    value,
    entries,
    patches,
    readFiles: readFiles.filter((f) => existsSync(f)),
    configFiles: configFiles.filter((f) => isFile(f)),
  };
}

function textPatchType(text: string): PatchSource['type'] {
  return /^\s*-/.test(text.replace(/^(\s*#.*\n)*/, '')) || /^\s*\[/.test(text) ? 'json6902' : 'strategic-merge';
}

function patchFileType(cache: SourceCache, file: string): PatchSource['type'] {
  const value = cache.file(file)?.documents[0]?.value;
  return Array.isArray(value) ? 'json6902' : 'strategic-merge';
}

/** The kustomizations a folder reaches (itself first, then depth first), each once. */
export function kustomizationTree(cache: SourceCache, dir: string): Kustomization[] {
  const out: Kustomization[] = [];
  const seen = new Set<string>();
  const visit = (d: string) => {
    if (seen.has(d)) return;
    seen.add(d);
    const file = kustomizationFileOf(d);
    const k = file && readKustomization(cache, file);
    if (!k) return;
    out.push(k);
    for (const e of k.entries) if (e.isDir && e.absolute) visit(e.absolute);
  };
  visit(dir);
  return out;
}
