import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot, packageVersion } from '../../src/shared/package-root.js';
import { VERSION } from '../../src/shared/version.js';

describe('the package root', () => {
  it("is the repository's root, and gives the version its package.json holds, read with it", () => {
    const root = path.resolve(__dirname, '../..');
    expect(packageRoot()).toBe(root);
    const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    expect(packageVersion()).toBe(version);
    expect(VERSION).toBe(version);
  });
});
