import fs from 'node:fs';

/** kubeward's version, read from its package.json (two folders up from src/ and dist/src/). */
function readVersion(): string {
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(fs.readFileSync(new URL(rel, import.meta.url), 'utf8'));
      if (pkg.name === 'kubeward') return pkg.version as string;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}

export const VERSION = readVersion();
