/**
 * What an entry point's render depends on, known before it runs: the files it reads (the kustomization tree's files,
 * patches, generator sources and config files, the chart's files and values files, the Flux/Argo object), and the
 * tool that renders it. A cached render is reused only while all of these are unchanged (src/engine/render-cache.ts);
 * a run that names some files renders only the entry points that read one of them.
 */
import { realpathSync, statSync } from 'node:fs';
import { chartDependencies } from './discover.js';
import { filesUnder } from './helm.js';
import { kustomizationTree } from './kustomization.js';
import type { SourceCache } from './source.js';
import type { EntryPoint } from './types.js';

/** The files an entry point's render reads, as far as the sources say (sorted, each once). */
export function entrySources(entry: EntryPoint, cache: SourceCache): string[] {
  const out = new Set<string>();
  if (entry.via) out.add(entry.via.ref.filePath);
  if (entry.tool === 'kustomize') {
    for (const k of kustomizationTree(cache, entry.dir)) {
      out.add(k.file);
      for (const f of [...k.readFiles, ...k.configFiles]) out.add(f);
      for (const e of k.entries) if (!e.isDir && e.absolute) out.add(e.absolute);
    }
    for (const p of entry.kustomize?.patches ?? []) if (!p.inline) out.add(p.ref.filePath);
  } else {
    for (const f of filesUnder(entry.dir)) out.add(f);
    for (const dep of chartDependencies(cache, entry.dir)) if (dep.local) for (const f of filesUnder(dep.local)) out.add(f);
    for (const f of entry.helm?.valuesFiles ?? []) out.add(f);
  }
  return [...out].sort();
}

/** A tool's identity for cache keys: its real path, size and modification time (a new version changes them). */
export function toolFingerprint(command: string): string {
  try {
    const real = realpathSync(command);
    const stat = statSync(real);
    return `${real}\0${stat.size}\0${stat.mtimeMs}`;
  } catch {
    return command;
  }
}
