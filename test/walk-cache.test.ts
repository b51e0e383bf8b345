/**
 * A walk kept between runs (src/read/walk.ts, the index cache's walks): used only while every path it looked at is as it
 * was, with a stamp old enough to trust; a path that was missing must still be missing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { walk, type CachedWalk, type WalkOptions } from '../src/read/walk.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

function tree(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-walk-cache-'));
  made.push(dir);
  fs.mkdirSync(path.join(dir, 'apps'));
  fs.writeFileSync(path.join(dir, 'apps', 'a.yaml'), 'kind: ConfigMap\n');
  return dir;
}

/** The walk a first run keeps, and a later walk's files when `kept` (changed by the test) is found. */
async function keptAndAgain(dir: string, change: (kept: CachedWalk) => CachedWalk): Promise<string[]> {
  let kept: CachedWalk | undefined;
  const options: WalkOptions = { cwd: dir, root: dir, cache: { find: () => undefined, keep: (w) => void (kept = w) } };
  await walk(['.'], options);
  expect(kept).toBeDefined();
  const offered = change(kept!);
  const again = await walk(['.'], { ...options, cache: { find: (key) => (key === offered.key ? offered : undefined), keep: () => {} } });
  return again.files;
}

/** The kept walk as a later run finds it: its stamps settled (taken long after the files last changed), its files marked. */
const settled = (kept: CachedWalk): CachedWalk => ({ ...kept, started: Date.now() + 60_000, files: ['/kept/walk.yaml'] });

describe('a kept walk', () => {
  it('is used while every folder it listed is unchanged and settled', async () => {
    const dir = tree();
    expect(await keptAndAgain(dir, settled)).toEqual(['/kept/walk.yaml']);
  });

  it('is not used when a folder it listed changed, or its stamp is racy', async () => {
    const dir = tree();
    const sizeChanged = (kept: CachedWalk): CachedWalk => {
      const s = settled(kept);
      return { ...s, seen: s.seen.map((r) => (r.length === 6 ? ([r[0], r[1] + 1, ...r.slice(2)] as CachedWalk['seen'][number]) : r)) };
    };
    expect(await keptAndAgain(dir, sizeChanged)).toEqual([path.join(dir, 'apps', 'a.yaml')]);
    expect(await keptAndAgain(dir, (kept) => ({ ...kept, files: ['/kept/walk.yaml'] }))).toEqual([path.join(dir, 'apps', 'a.yaml')]);
  });

  it('holds a path that was missing only while it still is', async () => {
    const dir = tree();
    // Outside every folder the walk listed, so that only its own record can tell that it appeared.
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-walk-cache-elsewhere-'));
    made.push(elsewhere);
    const missing = path.join(elsewhere, '.kubewardignore');
    const withMissing = (kept: CachedWalk): CachedWalk => {
      const s = settled(kept);
      return { ...s, seen: [...s.seen, [missing]] };
    };
    expect(await keptAndAgain(dir, withMissing)).toEqual(['/kept/walk.yaml']);
    fs.writeFileSync(missing, '# now here\n');
    expect(await keptAndAgain(dir, withMissing)).toEqual([path.join(dir, 'apps', 'a.yaml')]);
  });

  it('is not used when a record of it is damaged', async () => {
    const dir = tree();
    const damaged = (kept: CachedWalk): CachedWalk => {
      const s = settled(kept);
      return { ...s, seen: [...s.seen, [] as unknown as CachedWalk['seen'][number]] };
    };
    expect(await keptAndAgain(dir, damaged)).toEqual([path.join(dir, 'apps', 'a.yaml')]);
  });

  it('is walked again, not used, when a cache file damaged on disk gave it another shape', async () => {
    const dir = tree();
    const walkedAgain = [path.join(dir, 'apps', 'a.yaml')];
    const damage: Array<[string, (kept: CachedWalk) => unknown]> = [
      ['a record that is null', (k) => ({ ...k, seen: [...k.seen, null] })],
      ['a record that is an object', (k) => ({ ...k, seen: [{}, ...k.seen] })],
      ['a record whose path is a number', (k) => ({ ...k, seen: [[5], ...k.seen] })],
      ['no files', (k) => ({ ...k, files: undefined })],
      ['a file that is a number', (k) => ({ ...k, files: [5] })],
      ['no links', (k) => ({ ...k, links: 'a' })],
      ['no empty', (k) => ({ ...k, empty: undefined })],
      ['an empty pattern that is null', (k) => ({ ...k, empty: [null] })],
      ['an unreadable folder that is null', (k) => ({ ...k, unreadable: [null] })],
      ['an unreadable folder without a reason', (k) => ({ ...k, unreadable: [{ path: dir }] })],
      ['no start', (k) => ({ ...k, started: undefined })],
    ];
    for (const [label, change] of damage) {
      const files = await keptAndAgain(dir, (kept) => change(settled(kept)) as CachedWalk);
      expect(files, label).toEqual(walkedAgain);
    }
  });
});
