#!/usr/bin/env node
/**
 * `npm run bench`: kubeward as a user runs it (the bin of package.json, action-dist/kubeward.cjs, a whole process) beside kubeconform
 * (../shared/tools/kubeconform with its Kubernetes 1.36 schemas) in the same run, with the ratios. Prints documents/s,
 * wall time and peak RSS (medians of several runs) for each tool on ../shared/corpus/real (1 copy, and 10 copies for
 * throughput) and on a generated corpus; cold start of one file against `node -e 0` and kubeconform; one staged file
 * in the real corpus as a git repository, as the pre-commit hook runs it (first run and second run); a `--cache`
 * re-run on an unchanged repository; and ends with the targets table of issue #17. Without ../shared it prints
 * kubeward's figures alone (on the generated corpus) and says so.
 *
 *   npm run bench                                  # the default sections: cold staged real generated cache
 *   BENCH_RUNS=5 BENCH_COPIES=10 npm run bench
 *   node scripts/bench.mjs --only=cold,staged      # some sections
 *   node scripts/bench.mjs --only=growth           # heavier, not in the default: growth | serial | gitops | all
 *
 * kubeward runs with --no-render except in the rows that say "rendering on" (the real corpus holds no kustomization
 * or chart; ../shared/corpus/gitops is the rendering bench). Peak RSS comes from GNU time (`/usr/bin/time -f %M`)
 * when installed, else from polling /proc/PID/status (VmHWM), which can miss a process that lives under ~10 ms.
 * Environment (for tests and other machines): BENCH_SHARED (default ../shared), BENCH_GENERATED (documents of the
 * generated corpus, default 5000).
 *
 * A benchmark, not a test: it asserts nothing; the figures go into the closing notes (docs/performance.md says how).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The bin a user runs: package.json's bin, the committed bundle (`npm run bench` rebuilds it first; scripts/bundle-action.mjs).
// BENCH_BIN=dist/cli/kubeward.cjs measures the development bundle instead (scripts/bundle.mjs, not minified).
const cli = path.resolve(root, process.env.BENCH_BIN ?? 'action-dist/kubeward.cjs');
const floorScript = path.join(root, 'scripts/bench-floor.mjs');
const sharedRoot = path.resolve(root, process.env.BENCH_SHARED ?? '../shared');
const realCorpus = path.join(sharedRoot, 'corpus/real');
const gitopsCorpus = path.join(sharedRoot, 'corpus/gitops');
const tools = path.join(sharedRoot, 'tools');
const kubeconform = path.join(tools, 'kubeconform');
const kubeconformSchemas = path.join(tools, 'kubeconform-schemas');
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
// The cold-start rows time runs of 20-40 ms, where one slow run moves a median of a few: more runs, each paired with a
// run of `node -e 0` (the ratio's two medians come from the same minutes, in alternating order).
const COLD_RUNS = process.env.BENCH_RUNS ? RUNS : 21;
// The staged second run, the same way: each repository's second commit is run this many times, every time from the state
// its first run left (the user cache folder copied back), so that the row's median comes from 21 runs, not 3.
const SECOND_REPEATS = process.env.BENCH_RUNS ? 1 : 7;
const COPIES = Math.max(1, Number(process.env.BENCH_COPIES ?? 10));
const GENERATED = Math.max(50, Number(process.env.BENCH_GENERATED ?? 5000));
const DEFAULT_SECTIONS = ['cold', 'staged', 'real', 'generated', 'cache'];
const ALL_SECTIONS = [...DEFAULT_SECTIONS, 'growth', 'serial', 'gitops'];
const onlyArg = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const sections = onlyArg === 'all' ? ALL_SECTIONS : onlyArg ? onlyArg.split(',').filter(Boolean) : DEFAULT_SECTIONS;
const unknown = sections.filter((s) => !ALL_SECTIONS.includes(s));
if (unknown.length) {
  console.error(`bench: unknown section ${unknown.join(', ')} (sections: ${ALL_SECTIONS.join(', ')}, all)`);
  process.exit(2);
}
const want = (s) => sections.includes(s);

if (!fs.existsSync(cli)) {
  console.error('bench: run `npm run build` first');
  process.exit(2);
}

const hasReal = fs.existsSync(realCorpus);
const hasKubeconform = fs.existsSync(kubeconform) && fs.existsSync(kubeconformSchemas);
const gnuTime = fs.existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-bench-'));
// kubeward's own caches (Node's compile cache, and any user-cache-folder file) go here, never into the user's.
const xdgTemplate = path.join(tmp, 'xdg-template');
fs.mkdirSync(xdgTemplate);
const baseEnv = { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: xdgTemplate };
let measured = 0;

/** Run a command; resolves to { ms, peakMB, code, stdout, stderr }. Peak RSS from GNU time, else polled from /proc. */
function measure(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const rssFile = gnuTime ? path.join(tmp, `rss-${++measured}`) : undefined;
    const start = process.hrtime.bigint();
    const child = gnuTime
      ? spawn('/usr/bin/time', ['-f', '%M', '-o', rssFile, cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: baseEnv, ...opts })
      : spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: baseEnv, ...opts });
    let peakKB = 0;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const poll = () => {
      try {
        const hwm = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm) peakKB = Math.max(peakKB, Number(hwm[1]));
      } catch {
        // the process has exited
      }
    };
    const timer = gnuTime ? undefined : setInterval(poll, 10);
    child.on('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      clearInterval(timer);
      if (rssFile) {
        // GNU time writes "Command exited with non-zero status N" before the figure when the command fails.
        peakKB = Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)) || 0;
        fs.rmSync(rssFile, { force: true });
      }
      resolve({ ms, peakMB: peakKB / 1024, code, stdout, stderr });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function repeat(n, fn) {
  const runs = [];
  for (let i = 0; i < n; i++) runs.push(await fn(i));
  return summary(runs);
}

function summary(runs) {
  return { ms: median(runs.map((r) => r.ms)), peakMB: median(runs.map((r) => r.peakMB)), last: runs.at(-1), runs: runs.length };
}

/** `n` rounds of two commands, one after the other, in alternating order: the medians of each, measured in the same minutes. */
async function repeatPaired(n, a, b) {
  const runsA = [];
  const runsB = [];
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0) {
      runsA.push(await a(i));
      runsB.push(await b(i));
    } else {
      runsB.push(await b(i));
      runsA.push(await a(i));
    }
  }
  return [summary(runsA), summary(runsB)];
}

function corpusStats(dir) {
  let bytes = 0;
  let files = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== '.git') walk(p);
      } else if (/\.(ya?ml|json)$/i.test(e.name)) {
        files++;
        bytes += fs.statSync(p).size;
      }
    }
  };
  walk(dir);
  return { bytes, files };
}

function copyTree(from, to, copies) {
  for (let i = 0; i < copies; i++) fs.cpSync(from, path.join(to, `copy-${i}`), { recursive: true });
}

/** N synthetic workload documents: Deployments, Services, ConfigMaps, 50 documents per file. */
function generate(dir, documents) {
  fs.mkdirSync(dir, { recursive: true });
  const perFile = 50;
  for (let f = 0; f * perFile < documents; f++) {
    const docs = [];
    for (let i = f * perFile; i < Math.min(documents, (f + 1) * perFile); i++) {
      const ns = `team-${i % 20}`;
      if (i % 3 === 0) {
        docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: ${ns}
  labels: {app: app-${i}, tier: backend}
spec:
  replicas: ${1 + (i % 4)}
  selector:
    matchLabels: {app: app-${i}}
  template:
    metadata:
      labels: {app: app-${i}}
    spec:
      serviceAccountName: app-${i}
      containers:
        - name: app
          image: registry.example.com/app-${i}:1.${i % 10}.0
          ports:
            - containerPort: 8080
          env:
            - name: MODE
              value: production
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: "1", memory: 512Mi}
          securityContext:
            runAsNonRoot: ${i % 2 === 0}
            readOnlyRootFilesystem: true
`);
      } else if (i % 3 === 1) {
        docs.push(`apiVersion: v1
kind: Service
metadata:
  name: svc-${i}
  namespace: ${ns}
spec:
  selector: {app: app-${i - 1}}
  ports:
    - port: 80
      targetPort: 8080
`);
      } else {
        docs.push(`apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg-${i}
  namespace: ${ns}
data:
  LOG_LEVEL: info
  FEATURE_FLAGS: "a,b,c"
`);
      }
    }
    fs.writeFileSync(path.join(dir, `gen-${String(f).padStart(5, '0')}.yaml`), docs.join('---\n'));
  }
}

function fmt(n, digits = 0) {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
const x = (n) => `${fmt(n, 2)}x`;

const load = () =>
  os
    .loadavg()
    .map((l) => fmt(l, 2))
    .join(' ');
const kubewardRun = (dir, args = ['--no-render']) => [cli, dir, '--format', 'json', '--output-file', path.join(tmp, 'kubeward-bench.json'), ...args];
const kubeconformArgs = (dir) => [
  '-strict',
  '-summary',
  '-n',
  '2',
  '-kubernetes-version',
  '1.36.0',
  '-schema-location',
  kubeconformSchemas,
  '-ignore-missing-schemas',
  dir,
];
const KUBECONFORM_LABEL = 'kubeconform v0.7.0 -strict -n 2 (1.36 schemas)';

/** Documents in a folder: the floor script's count (a bare `yaml` parse, one process). */
async function countDocuments(dir) {
  const floor = await measure(process.execPath, [floorScript, dir]);
  return { docs: Number(floor.stdout.trim()), floor };
}

/**
 * One corpus, kubeward and kubeconform in the same run (runs interleaved, so a change of load hits both), then the
 * ratios. `variants`: extra kubeward rows ({ label, args }). Returns the figures for the targets table.
 */
async function compare(label, dir, docs, variants = []) {
  const { bytes, files } = corpusStats(dir);
  const kwRuns = [];
  const kcRuns = [];
  for (let i = 0; i < RUNS; i++) {
    kwRuns.push(await measure(process.execPath, kubewardRun(dir)));
    if (hasKubeconform) kcRuns.push(await measure(kubeconform, kubeconformArgs(dir)));
  }
  const summarise = (runs) => ({ ms: median(runs.map((r) => r.ms)), peakMB: median(runs.map((r) => r.peakMB)), last: runs.at(-1) });
  const kw = summarise(kwRuns);
  const kc = hasKubeconform ? summarise(kcRuns) : undefined;
  const rows = [];
  for (const v of variants) rows.push({ label: v.label, m: await repeat(RUNS, () => measure(process.execPath, kubewardRun(dir, v.args))) });
  const row = (name, m) =>
    `| ${name} | ${fmt(m.ms / 1000, 2)} | ${fmt(docs / (m.ms / 1000))} | ${fmt(bytes / 1e6 / (m.ms / 1000), 1)} | ${fmt(m.peakMB)} | ${m.last.code} |`;
  console.log(`\n## ${label}: ${fmt(files)} files, ${fmt(docs)} documents, ${fmt(bytes / 1e6, 1)} MB (load average ${load()})`);
  console.log('| run | wall (s) | documents/s | MB/s | peak RSS (MB) | exit |');
  console.log('|---|---|---|---|---|---|');
  console.log(row('kubeward --no-render', kw));
  for (const { label: l, m } of rows) console.log(row(l, m));
  if (kc) {
    console.log(row(KUBECONFORM_LABEL, kc));
    const found = /(\d+) resources found/.exec(kc.last.stdout)?.[1];
    console.log(`kubeward / kubeconform: documents/s ${x(kc.ms / kw.ms)} (above 1 = kubeward faster), peak RSS ${x(kw.peakMB / kc.peakMB)}`);
    if (found) console.log(`(kubeconform counted ${fmt(Number(found))} resources; documents/s above divides both by the same ${fmt(docs)} documents)`);
  } else console.log(`(kubeconform is absent from ${tools}: kubeward's figures alone)`);
  return { docs, kw, kc };
}

const results = {};
/** The cold rows' runs of `node -e 0`, paired with the one-file row's (the staged rows take their own). */
let bare;
const nodeRun = () => measure(process.execPath, ['-e', '0']);

/** A fresh XDG_CACHE_HOME holding only the warm compile cache: a user's first run of kubeward in a repository. */
function freshUserCache() {
  const dir = fs.mkdtempSync(path.join(tmp, 'xdg-'));
  fs.cpSync(xdgTemplate, dir, { recursive: true });
  return dir;
}

// The pre-commit hook's own command line (.pre-commit-hooks.yaml), so the staged rows follow the hook if it changes.
const hookArgs = (() => {
  try {
    const entry = /^\s*entry:\s*(.+)$/m.exec(fs.readFileSync(path.join(root, '.pre-commit-hooks.yaml'), 'utf8'))?.[1] ?? 'kubeward';
    return entry.trim().split(/\s+/).slice(1);
  } catch {
    return [];
  }
})();

function git(cwd, ...args) {
  const r = spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function listFiles(dir) {
  return git(dir, 'ls-files')
    .split('\n')
    .filter((f) => /\.(ya?ml|json)$/i.test(f))
    .sort();
}

const tmpRoot = tmp;

console.log(
  `# kubeward bench (${os.cpus().length} cores, Node ${process.version}, ${RUNS} runs each, ${COLD_RUNS} for the cold-start rows and ${RUNS * SECOND_REPEATS} for the staged second run, medians; load average ${load()})`,
);
console.log(`sections: ${sections.join(', ')}; peak RSS from ${gnuTime ? 'GNU time (%M)' : '/proc/PID/status VmHWM polled every 10 ms'}`);
if (!hasKubeconform) console.log(`kubeconform is absent (${kubeconform} and its schemas): kubeward's figures alone, no ratios`);
if (!hasReal) console.log(`${realCorpus} is absent: the real-corpus rows are skipped, the staged and --cache rows use the generated corpus`);
try {
  // Warm Node's compile cache once, as any user's second kubeward run finds it.
  await measure(process.execPath, [cli, '--version']);

  if (want('cold')) {
    let b;
    const rows = [];
    for (const [label, setup, file] of [
      ['one file, a one-file repository', (dir) => fs.copyFileSync(path.join(root, 'examples/insecure/shop.yaml'), path.join(dir, 'shop.yaml')), 'shop.yaml'],
      ['one file, a repository holding examples/', (dir) => fs.cpSync(path.join(root, 'examples'), dir, { recursive: true }), 'insecure/shop.yaml'],
    ]) {
      const repo = fs.mkdtempSync(path.join(tmp, 'repo-'));
      setup(repo);
      git(repo, 'init', '-q');
      git(repo, 'add', '-A');
      git(repo, 'commit', '-q', '-m', 'bench');
      const kubeward = () => measure(process.execPath, [cli, file, ...hookArgs, '--no-render'], { cwd: repo });
      let m;
      if (label.includes('one-file')) {
        // The target's row: each run of kubeward beside one of `node -e 0`, whose runs are the cold rows' baseline.
        [b, m] = await repeatPaired(COLD_RUNS, nodeRun, kubeward);
        bare = b;
      } else m = await repeat(COLD_RUNS, kubeward);
      rows.push({ label: `kubeward ${file} --no-render (${label})`, m });
      if (label.includes('one-file')) {
        results.oneFile = m;
        if (hasKubeconform) {
          const kc = await repeat(COLD_RUNS, () => measure(kubeconform, kubeconformArgs(file), { cwd: repo }));
          rows.push({ label: `${KUBECONFORM_LABEL}, same file`, m: kc });
          results.oneFileKubeconform = kc;
        }
      }
    }
    console.log(`\n## Cold start: one file as the pre-commit hook runs it (cwd = a git repository's root; load average ${load()})`);
    console.log('| run | wall (ms) | / node -e 0 | peak RSS (MB) | exit |');
    console.log('|---|---|---|---|---|');
    console.log(`| node -e 0 | ${fmt(b.ms)} | 1.00x | ${fmt(b.peakMB)} | ${b.last.code} |`);
    for (const { label, m } of rows) console.log(`| ${label} | ${fmt(m.ms)} | ${x(m.ms / b.ms)} | ${fmt(m.peakMB)} | ${m.last.code} |`);
    if (results.oneFileKubeconform)
      console.log(`kubeward / kubeconform, one file: wall ${x(results.oneFile.ms / results.oneFileKubeconform.ms)} (below 1 = kubeward faster)`);
  }

  if (want('staged')) {
    // The real corpus as a git repository; the hook's command names one staged file, the rest of the repository is read
    // for repository-wide checks. First run: a fresh clone-like copy and an empty user cache folder (Node's compile
    // cache warm); second run: the next commit in the same repository (another file edited and staged). Each measured
    // run is followed by one of `node -e 0`, the rows' baseline: the section takes minutes, and the host's speed can
    // change between the cold rows' minutes and these.
    const bareHere = [];
    const measured = async (args, opts) => {
      const m = await measure(process.execPath, args, opts);
      bareHere.push(await nodeRun());
      return m;
    };
    const source = hasReal ? realCorpus : path.join(tmp, 'gen-staged');
    if (!hasReal) generate(source, GENERATED);
    const template = path.join(tmp, 'staged-template');
    fs.cpSync(source, template, { recursive: true });
    git(template, 'init', '-q');
    git(template, 'add', '-A');
    git(template, 'commit', '-q', '-m', 'bench');
    const yamls = listFiles(template).filter((f) => /\.ya?ml$/i.test(f));
    const [fileA, fileB] = [yamls[Math.floor(yamls.length / 3)], yamls[Math.floor((2 * yamls.length) / 3)]];
    // A fourth commit stages a Deployment (the middle one of the files holding one): a workload, whose namespace checks
    // read every workload of the repository, where fileA and fileB may hold none.
    const deployments = yamls.filter((f) => /^kind:\s*Deployment\s*$/m.test(fs.readFileSync(path.join(template, f), 'utf8')));
    const fileC = deployments[Math.floor(deployments.length / 2)];
    const first = [];
    const second = [];
    const third = [];
    for (let i = 0; i < RUNS; i++) {
      const repo = path.join(tmp, `staged-${i}`);
      fs.cpSync(template, repo, { recursive: true });
      // A repository's files are older than the commit that stages one: a copy made the instant before the run would
      // be "racily clean" to kubeward's caches (times within two seconds of the run) and read again by every run.
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const env = { ...baseEnv, XDG_CACHE_HOME: freshUserCache() };
      const stage = (file) => {
        fs.appendFileSync(path.join(repo, file), `\n# bench edit ${i}\n`);
        git(repo, 'add', file);
      };
      stage(fileA);
      first.push(await measured([cli, fileA, ...hookArgs, '--no-render'], { cwd: repo, env }));
      git(repo, 'commit', '-q', '-m', 'first');
      stage(fileB);
      // Every repeat finds what the first run left: its index, its code cache (which a second run removes).
      const afterFirst = `${env.XDG_CACHE_HOME}-after-first`;
      fs.cpSync(env.XDG_CACHE_HOME, afterFirst, { recursive: true });
      for (let k = 0; k < SECOND_REPEATS; k++) {
        if (k > 0) {
          fs.rmSync(env.XDG_CACHE_HOME, { recursive: true, force: true });
          fs.cpSync(afterFirst, env.XDG_CACHE_HOME, { recursive: true });
        }
        second.push(await measured([cli, fileB, ...hookArgs, '--no-render'], { cwd: repo, env }));
      }
      fs.rmSync(afterFirst, { recursive: true, force: true });
      if (fileC) {
        // Not measured: a commit between, so that the measured one finds kubeward's code cache as later commits do (the
        // second run removes the first run's, written by a run of many times its CPU, and this one writes its own).
        git(repo, 'commit', '-q', '-m', 'second');
        stage(fileA);
        await measure(process.execPath, [cli, fileA, ...hookArgs, '--no-render'], { cwd: repo, env });
        git(repo, 'commit', '-q', '-m', 'third');
        stage(fileC);
        third.push(await measured([cli, fileC, ...hookArgs, '--no-render'], { cwd: repo, env }));
      }
      fs.rmSync(repo, { recursive: true, force: true });
    }
    const sum = (runs) => ({ ms: median(runs.map((r) => r.ms)), peakMB: median(runs.map((r) => r.peakMB)), last: runs.at(-1) });
    results.stagedFirst = sum(first);
    results.stagedSecond = sum(second);
    if (fileC) results.stagedWorkload = sum(third);
    const b = (results.stagedBare = summary(bareHere));
    const files = corpusStats(template).files;
    console.log(
      `\n## One staged file in ${hasReal ? '../shared/corpus/real' : 'the generated corpus'} as a git repository (${fmt(files)} files; load average ${load()})`,
    );
    console.log(`command: kubeward FILE ${[...hookArgs, '--no-render'].join(' ')} (the hook's entry), cwd = the repository root`);
    console.log('| run | wall (ms) | / node -e 0 | peak RSS (MB) | exit |');
    console.log('|---|---|---|---|---|');
    console.log(`| node -e 0 | ${fmt(b.ms)} | 1.00x | ${fmt(b.peakMB)} | 0 |`);
    for (const { label, m } of [
      { label: `first run (${fileA} staged, no kubeward cache)`, m: results.stagedFirst },
      { label: `second run (next commit, ${fileB} staged)`, m: results.stagedSecond },
      ...(fileC ? [{ label: `a later run (the fourth commit, ${fileC} staged: a Deployment)`, m: results.stagedWorkload }] : []),
    ])
      console.log(`| ${label} | ${fmt(m.ms)} | ${x(m.ms / b.ms)} | ${fmt(m.peakMB)} | ${m.last.code} |`);
    fs.rmSync(template, { recursive: true, force: true });
  }

  if (want('real') || want('serial')) {
    if (hasReal) {
      const { docs, floor } = await countDocuments(realCorpus);
      if (want('real')) {
        await compare('../shared/corpus/real, 1 copy', realCorpus, docs, [{ label: 'kubeward (rendering on: the default, tools on PATH)', args: [] }]);
        console.log(`bare yaml parse of the same files (the floor, 1 core): ${fmt(floor.ms / 1000, 2)} s, ${fmt(docs / (floor.ms / 1000))} documents/s`);
      }
      const copies = path.join(tmp, 'real-copies');
      copyTree(realCorpus, copies, COPIES);
      const variants = want('serial') ? [{ label: 'kubeward --no-render --concurrency off', args: ['--no-render', '--concurrency', 'off'] }] : [];
      results.tenX = await compare(`../shared/corpus/real, ${COPIES} copies (throughput)`, copies, docs * COPIES, variants);
      fs.rmSync(copies, { recursive: true, force: true });
    } else console.log(`\n(${realCorpus} is absent: real-corpus figures skipped)`);
  }

  if (want('generated')) {
    const dir = path.join(tmp, 'gen');
    generate(dir, GENERATED);
    results.generated = await compare(`generated corpus (Deployments, Services, ConfigMaps; 50 documents a file)`, dir, GENERATED);
    fs.rmSync(dir, { recursive: true, force: true });
  }

  if (want('growth')) {
    console.log('\n# Growth: generated corpus at 1x, 4x, 16x of 2,000 documents');
    const rows = [];
    for (const factor of [1, 4, 16]) {
      const dir = path.join(tmp, `gen-${factor}`);
      generate(dir, 2000 * factor);
      rows.push({ factor, ...(await compare(`generated ${factor}x`, dir, 2000 * factor)) });
      fs.rmSync(dir, { recursive: true, force: true });
    }
    console.log('\n| factor | documents | kubeward wall (s) | µs/document | peak RSS (MB) | kubeconform µs/document |');
    console.log('|---|---|---|---|---|---|');
    for (const r of rows)
      console.log(
        `| ${r.factor}x | ${fmt(r.docs)} | ${fmt(r.kw.ms / 1000, 2)} | ${fmt((r.kw.ms * 1000) / r.docs, 1)} | ${fmt(r.kw.peakMB)} | ${r.kc ? fmt((r.kc.ms * 1000) / r.docs, 1) : 'n/a'} |`,
      );
  }

  if (want('cache')) {
    const dir = path.join(tmp, 'cache-corpus');
    if (hasReal) fs.cpSync(realCorpus, dir, { recursive: true });
    else generate(dir, GENERATED);
    const cacheFile = path.join(tmp, 'cache.json');
    const args = [...kubewardRun(dir), '--cache', '--cache-location', cacheFile];
    const cold = await repeat(RUNS, () => {
      fs.rmSync(cacheFile, { force: true });
      fs.rmSync(`${cacheFile}.renders`, { force: true });
      return measure(process.execPath, args);
    });
    await measure(process.execPath, args);
    const warm = await repeat(RUNS, () => measure(process.execPath, args));
    results.cache = { cold, warm };
    console.log(
      `\n## --cache on an unchanged repository (${hasReal ? 'a copy of ../shared/corpus/real' : 'the generated corpus'}, --no-render; load average ${load()})`,
    );
    console.log('| run | wall (ms) | peak RSS (MB) | exit |');
    console.log('|---|---|---|---|');
    console.log(`| cold (no cache file) | ${fmt(cold.ms)} | ${fmt(cold.peakMB)} | ${cold.last.code} |`);
    console.log(`| warm (nothing changed) | ${fmt(warm.ms)} | ${fmt(warm.peakMB)} | ${warm.last.code} |`);
    console.log(`warm is ${fmt(cold.ms / warm.ms, 1)}x faster than cold`);
  }

  if (want('gitops')) {
    if (fs.existsSync(gitopsCorpus) && fs.existsSync(path.join(tools, 'kubectl')) && fs.existsSync(path.join(tools, 'helm'))) await benchGitops();
    else console.log(`\n(${gitopsCorpus} or ${tools} is absent: GitOps figures skipped)`);
  }

  printTargets();
} finally {
  fs.rmSync(tmpRoot, { recursive: true, force: true });
}

/** The targets of issue #17, each with what this run measured (n/a: its section did not run, or ../shared is absent). */
function printTargets() {
  const na = 'n/a';
  const vsNode = (m, base) => (m && base ? `${fmt(m.ms)} ms = ${x(m.ms / base.ms)} node -e 0` : na);
  const t = results.tenX;
  const rows = [
    [
      `one staged file, ${hasReal ? 'real' : 'generated'} corpus as a git repository, second run`,
      vsNode(results.stagedSecond, results.stagedBare),
      '<= 2x node -e 0',
    ],
    ['same, first run (no cache)', vsNode(results.stagedFirst, results.stagedBare), '<= 10x node -e 0'],
    ['one file, one-file repository', vsNode(results.oneFile, bare), '<= 1.6x node -e 0'],
    [
      `${COPIES}x real corpus, documents/s`,
      t
        ? `${fmt(t.docs / (t.kw.ms / 1000))}/s` +
          (t.kc ? ` vs kubeconform ${fmt(t.docs / (t.kc.ms / 1000))}/s = ${x(t.kc.ms / t.kw.ms)}` : ' (no kubeconform)')
        : na,
      '>= 1.5x kubeconform',
    ],
    [`peak RSS, ${COPIES}x real corpus`, t ? `${fmt(t.kw.peakMB)} MB` + (t.kc ? ` (kubeconform ${fmt(t.kc.peakMB)} MB)` : '') : na, '<= 250 MB'],
    ['`--cache`, unchanged repository', results.cache ? `${fmt(results.cache.cold.ms / results.cache.warm.ms, 1)}x faster than cold` : na, '>= 20x'],
  ];
  console.log(`\n## Targets (issue #17; kubeward --no-render; load average at the end ${load()})`);
  console.log('| measure | this run | target |');
  console.log('|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

/**
 * ../shared/corpus/gitops (three GitOps repositories) linted with rendering (kubectl and helm of ../shared/tools on
 * PATH), rendering again with a warm --cache, without the tools (a PATH that holds neither), and with --no-render.
 */
async function benchGitops() {
  const { bytes, files } = corpusStats(gitopsCorpus);
  const noTools = fs.mkdtempSync(path.join(tmp, 'no-tools-'));
  const out = path.join(tmp, 'gitops.json');
  const cacheFile = path.join(tmp, 'gitops-cache', '.kubewardcache');
  const base = [cli, '.', '--root', '.', '--format', 'json', '--output-file', out];
  const env = (pathEnv) => ({ ...baseEnv, PATH: pathEnv });
  const withTools = env(`${tools}${path.delimiter}${process.env.PATH ?? ''}`);
  const run = (args, pathEnv) => repeat(RUNS, () => measure(process.execPath, [...base, ...args], { cwd: gitopsCorpus, env: pathEnv }));
  const counts = () => {
    const results = JSON.parse(fs.readFileSync(out, 'utf8'));
    const messages = results.reduce((n, r) => n + r.messages.length, 0);
    const notices = results.reduce((n, r) => n + (r.notices?.length ?? 0), 0);
    return `${fmt(messages)} messages, ${fmt(notices)} notices`;
  };
  const rows = [];
  const rendered = await run([], withTools);
  rows.push({ label: 'rendered (kubectl, helm on PATH)', m: rendered, output: counts() });
  await measure(process.execPath, [...base, '--cache', '--cache-location', cacheFile], { cwd: gitopsCorpus, env: withTools });
  const warm = await run(['--cache', '--cache-location', cacheFile], withTools);
  rows.push({ label: 'rendered, --cache warm (nothing changed)', m: warm, output: counts() });
  const noRenderTools = await run([], env(noTools));
  rows.push({ label: 'without the tools (PATH without kubectl, kustomize, helm)', m: noRenderTools, output: counts() });
  const fileByFile = await run(['--no-render'], withTools);
  rows.push({ label: '--no-render', m: fileByFile, output: counts() });
  console.log(`\n## ../shared/corpus/gitops, rendering on: ${fmt(files)} files, ${fmt(bytes / 1e6, 1)} MB (load average ${load()})`);
  console.log('| run | wall (s) | peak RSS (MB) | output |');
  console.log('|---|---|---|---|');
  for (const { label, m, output } of rows) console.log(`| ${label} | ${fmt(m.ms / 1000, 2)} | ${fmt(m.peakMB)} | ${output} (exit ${m.last.code}) |`);
}
