#!/usr/bin/env node
/**
 * `npm run bench`: kubeward as a user runs it (the built CLI, a whole process), on corpora built in a temporary
 * folder: copies of ../shared/corpus/real and a generated corpus at 1x, 4x and 16x for the growth curve. Prints
 * documents/s, MB/s, wall time and peak RSS (median of several runs), the same for a bare `yaml` parse of the same
 * files (the floor) and the ratio to it, cold start of one file against `node -e 0`, a `--cache` re-run, and the GitOps
 * corpus with rendering, without the tools and with --no-render.
 *
 *   npm run bench                 # everything
 *   BENCH_RUNS=5 BENCH_COPIES=10 npm run bench
 *   npm run bench -- --only=cold  # one section: cold | real | growth | cache | shards | gitops
 *
 * A benchmark, not a test: it asserts nothing; the figures go into docs/performance.md and the closing notes.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The bin a user runs (the bundle; see scripts/bundle.mjs).
const cli = path.join(root, 'dist/cli/kubeward.js');
const floorScript = path.join(root, 'scripts/bench-floor.mjs');
const shared = path.resolve(root, '../shared/corpus/real');
const gitopsCorpus = path.resolve(root, '../shared/corpus/gitops');
const tools = path.resolve(root, '../shared/tools');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const COPIES = Number(process.env.BENCH_COPIES ?? 10);
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);

if (!fs.existsSync(cli)) {
  console.error('bench: run `npm run build` first');
  process.exit(2);
}

/** Run a command, polling /proc for its peak resident memory (VmHWM). Resolves to { ms, peakMB, code, stdout }. */
function measure(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' }, ...opts });
    let peakKB = 0;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const poll = () => {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const hwm = /VmHWM:\s+(\d+)/.exec(status);
        if (hwm) peakKB = Math.max(peakKB, Number(hwm[1]));
      } catch {
        // the process has exited
      }
    };
    const timer = setInterval(poll, 10);
    child.on('exit', (code) => {
      clearInterval(timer);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      resolve({ ms, peakMB: peakKB / 1024, code, stdout, stderr });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function repeat(n, fn) {
  const runs = [];
  for (let i = 0; i < n; i++) runs.push(await fn());
  return { ms: median(runs.map((r) => r.ms)), peakMB: median(runs.map((r) => r.peakMB)), last: runs.at(-1) };
}

function corpusStats(dir) {
  let bytes = 0;
  let files = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ya?ml|json)$/i.test(e.name)) {
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

/** `variants`: extra argument lists, each measured as its own kubeward row (e.g. `--concurrency off`). */
async function benchDir(label, dir, extraArgs = [], variants = []) {
  const { bytes, files } = corpusStats(dir);
  const floor = await repeat(RUNS, () => measure(process.execPath, [floorScript, dir]));
  const docs = Number(floor.last.stdout.trim());
  const run = (args) =>
    repeat(RUNS, () => measure(process.execPath, [cli, dir, '--format', 'json', '--output-file', path.join(os.tmpdir(), 'kubeward-bench.json'), ...args]));
  const kw = await run(extraArgs);
  const mb = bytes / 1e6;
  const row = (args, m) =>
    `| kubeward ${args.join(' ')} | ${fmt(m.ms / 1000, 2)} | ${fmt(docs / (m.ms / 1000))} | ${fmt(mb / (m.ms / 1000), 1)} | ${fmt(m.peakMB)} |`;
  const others = [];
  for (const args of variants) others.push(row(args, await run(args)));
  console.log(`\n## ${label}: ${fmt(files)} files, ${fmt(docs)} documents, ${fmt(mb, 1)} MB`);
  console.log('| run | wall (s) | documents/s | MB/s | peak RSS (MB) |');
  console.log('|---|---|---|---|---|');
  console.log(row(extraArgs, kw));
  for (const line of others) console.log(line);
  console.log(
    `| bare yaml parse (floor, 1 core) | ${fmt(floor.ms / 1000, 2)} | ${fmt(docs / (floor.ms / 1000))} | ${fmt(mb / (floor.ms / 1000), 1)} | ${fmt(floor.peakMB)} |`,
  );
  console.log(`kubeward throughput / floor: ${fmt(floor.ms / kw.ms, 2)}x (exit code ${kw.last.code})`);
  return { docs, ms: kw.ms, peakMB: kw.peakMB };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-bench-'));
console.log(`# kubeward bench (${os.cpus().length} cores, Node ${process.version}, ${RUNS} runs each, medians)`);
try {
  if (!only || only === 'cold') {
    // A pre-commit hook runs in the repository's root and names the staged files; repository-wide checks read the
    // rest of the repository. Two repositories: the one staged file alone, and the whole examples/ folder.
    const runs = Math.max(RUNS, 7);
    const bare = await repeat(runs, () => measure(process.execPath, ['-e', '0']));
    console.log('\n## Cold start: one file, as a pre-commit hook runs it (cwd = the repository root)');
    console.log(`node -e 0: ${fmt(bare.ms)} ms`);
    for (const [label, setup] of [
      [
        'a repository of that one file',
        (dir) => fs.writeFileSync(path.join(dir, 'shop.yaml'), fs.readFileSync(path.join(root, 'examples/insecure/shop.yaml'))),
      ],
      ['a repository holding examples/ (22 files)', (dir) => fs.cpSync(path.join(root, 'examples'), dir, { recursive: true })],
    ]) {
      const repo = fs.mkdtempSync(path.join(tmp, 'repo-'));
      fs.mkdirSync(path.join(repo, '.git'));
      setup(repo);
      const one = fs.existsSync(path.join(repo, 'shop.yaml')) ? 'shop.yaml' : 'insecure/shop.yaml';
      const kw = await repeat(runs, () => measure(process.execPath, [cli, one], { cwd: repo }));
      console.log(`kubeward ${one} in ${label}: ${fmt(kw.ms)} ms (${fmt(kw.ms / bare.ms, 2)}x node -e 0), peak RSS ${fmt(kw.peakMB)} MB`);
    }
  }
  if ((!only || only === 'real') && fs.existsSync(shared)) {
    await benchDir('../shared/corpus/real, 1 copy', shared);
    const copies = path.join(tmp, 'real-copies');
    copyTree(shared, copies, COPIES);
    await benchDir(`../shared/corpus/real, ${COPIES} copies`, copies, [], [['--concurrency', 'off']]);
  } else if (!only || only === 'real') {
    console.log('\n(../shared/corpus/real is absent: real-corpus figures skipped)');
  }
  if (!only || only === 'growth') {
    console.log('\n# Growth: generated corpus at 1x, 4x, 16x');
    const rows = [];
    for (const factor of [1, 4, 16]) {
      const dir = path.join(tmp, `gen-${factor}`);
      generate(dir, 2000 * factor);
      rows.push({ factor, ...(await benchDir(`generated ${factor}x`, dir)) });
    }
    console.log('\n| factor | documents | wall (s) | µs/document | peak RSS (MB) |');
    console.log('|---|---|---|---|---|');
    for (const r of rows) console.log(`| ${r.factor}x | ${fmt(r.docs)} | ${fmt(r.ms / 1000, 2)} | ${fmt((r.ms * 1000) / r.docs, 1)} | ${fmt(r.peakMB)} |`);
  }
  if ((!only || only === 'cache') && fs.existsSync(shared)) {
    const dir = path.join(tmp, 'cache-corpus');
    copyTree(shared, dir, 1);
    const cacheFile = path.join(tmp, 'cache.json');
    const args = [cli, dir, '--format', 'json', '--output-file', path.join(tmp, 'out.json')];
    const help = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' }).stdout;
    if (help.includes('--cache')) {
      const cold = await repeat(RUNS, () => {
        fs.rmSync(cacheFile, { force: true });
        return measure(process.execPath, [...args, '--cache', '--cache-location', cacheFile]);
      });
      await measure(process.execPath, [...args, '--cache', '--cache-location', cacheFile]);
      const warm = await repeat(RUNS, () => measure(process.execPath, [...args, '--cache', '--cache-location', cacheFile]));
      console.log('\n## --cache re-run on an unchanged repository (../shared/corpus/real)');
      console.log(`cold: ${fmt(cold.ms)} ms; warm: ${fmt(warm.ms)} ms (${fmt(cold.ms / warm.ms, 1)}x faster)`);
    }
  }
  if (!only || only === 'gitops') {
    if (fs.existsSync(gitopsCorpus) && fs.existsSync(path.join(tools, 'kubectl')) && fs.existsSync(path.join(tools, 'helm'))) await benchGitops();
    else console.log('\n(../shared/corpus/gitops or ../shared/tools is absent: GitOps figures skipped)');
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
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
  const env = (pathEnv) => ({ ...process.env, NO_COLOR: '1', PATH: pathEnv });
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
  console.log(`\n## ../shared/corpus/gitops: ${fmt(files)} files, ${fmt(bytes / 1e6, 1)} MB`);
  console.log('| run | wall (s) | peak RSS (MB) | output |');
  console.log('|---|---|---|---|');
  for (const { label, m, output } of rows) console.log(`| ${label} | ${fmt(m.ms / 1000, 2)} | ${fmt(m.peakMB)} | ${output} (exit ${m.last.code}) |`);
}
