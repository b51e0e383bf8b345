import { packageVersion } from './package-root.js';

/** kubeward's version, from its package.json (read once, as the package root is found). */
function readVersion(): string {
  try {
    return packageVersion() as string;
  } catch {
    return '0.0.0';
  }
}

export const VERSION = readVersion();

/**
 * The address of a file of kubeward's repository at the tag of this version (`docs/config.md` →
 * `https://github.com/kubeward/kubeward/blob/v0.1.0/docs/config.md`): the docs of the version installed, never of main.
 */
export function docsUrl(repositoryPath: string): string {
  return `https://github.com/kubeward/kubeward/blob/v${VERSION}/${repositoryPath}`;
}
