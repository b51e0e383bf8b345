/**
 * kustomizeFacts where the separator is not `/` (Windows: RunFolders in src/resources/resources.ts reads no text of
 * the paths there, and takes the map of files by folder and their folders by name): a GitOps object deploys the same
 * files. Node's path module is its win32 one here.
 */
import { describe, expect, it, vi } from 'vitest';
import { kustomizeFacts, type FileEntries } from '../../src/resources/resources.js';

vi.mock('node:path', async (original) => {
  const actual = await original<typeof import('node:path')>();
  return { ...actual.win32, default: actual.win32 };
});

const deployer = (filePath: string, object: Record<string, unknown>): FileEntries => ({ filePath, objects: [{ documentIndex: 0, basePath: [], object }] });

describe('kustomizeFacts with the separator `\\`', () => {
  it('finds the folder nearest to the object, and its files (and those below it for Flux)', () => {
    const paths = [
      'C:\\r\\apps\\x.yaml',
      'C:\\r\\apps\\sub\\y.yaml',
      'C:\\s\\apps\\z.yaml',
      'C:\\r\\web\\w.yaml',
      'C:\\r\\web\\deep\\v.yaml',
      'C:\\r\\c\\flux.yaml',
    ];
    const files = [
      deployer('C:\\r\\c\\flux.yaml', {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        spec: { path: './apps', targetNamespace: 'flux' },
      }),
      deployer('C:\\r\\c\\flux.yaml', {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        spec: { source: { path: 'web' }, destination: { namespace: 'argo' } },
      }),
    ];
    const facts = kustomizeFacts(files, paths);
    expect(Object.fromEntries([...facts].map(([f, fact]) => [f, fact.namespace]))).toEqual({
      'C:\\r\\apps\\x.yaml': 'flux',
      'C:\\r\\apps\\sub\\y.yaml': 'flux',
      'C:\\r\\web\\w.yaml': 'argo',
    });
  });
});
