/**
 * PartRepository's first pass over the files (src/resources/resources.ts): one lookup per kind of each pending file
 * tells whether it is taken in before the namespace and patch facts are made (a kind of FACT_KINDS) or after them (a
 * kind of the demand). A file with both, in either order, is taken in before: its GitOps object decides the namespace
 * of other files.
 */
import { describe, expect, it } from 'vitest';
import { parseText } from '../../src/parse/index.js';
import { buildRepository, entriesOf, kindsOf, type FileEntries, type RepositoryFile } from '../../src/resources/index.js';

const WHOLE = new Set(['Kustomization', 'Component', 'Application', 'Namespace']);
const FLUX = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: f}\nspec: {path: ./apps, targetNamespace: flux}\n';
const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: flux}\n';
const DEPLOY = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n';

const entries = (filePath: string, text: string): FileEntries => entriesOf(parseText(text, filePath), WHOLE);

describe('a repository built from part of its files, its first pass', () => {
  for (const [order, text] of [
    ['a kind demanded, then a GitOps object', `${NAMESPACE}---\n${FLUX}`],
    ['a GitOps object, then a kind demanded', `${FLUX}---\n${NAMESPACE}`],
  ] as const) {
    it(`takes in a file with ${order} before it makes the facts`, () => {
      const made: Record<string, FileEntries> = {
        '/r/apps/deploy.yaml': entries('/r/apps/deploy.yaml', DEPLOY),
        '/r/clusters/flux.yaml': entries('/r/clusters/flux.yaml', text),
        '/r/other.yaml': entries('/r/other.yaml', NAMESPACE.replace('flux', 'other')),
      };
      const decoded: string[] = [];
      const files = Object.entries(made).map(([filePath, e]): RepositoryFile => ({
        filePath,
        kinds: kindsOf(e),
        decode: () => {
          decoded.push(filePath);
          return e;
        },
      }));
      expect(kindsOf(made['/r/clusters/flux.yaml'])).toHaveLength(2);
      const repository = buildRepository(files, (f) => f === '/r/apps/deploy.yaml', ['Namespace']);
      // The linted file and the GitOps object's before the facts, then the other Namespace's.
      expect(decoded).toEqual(['/r/apps/deploy.yaml', '/r/clusters/flux.yaml', '/r/other.yaml']);
      expect(repository.resourcesOf('/r/apps/deploy.yaml')?.map((r) => [r.namespace, r.namespaceSource])).toEqual([['flux', 'kustomization']]);
      expect(repository.index.ofKind('Namespace').map((r) => r.name)).toEqual(['flux', 'other']);
      expect(decoded).toHaveLength(3);
    });
  }
});
