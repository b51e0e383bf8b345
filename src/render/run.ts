/**
 * Running a renderer on a hostile tree: never a shell, an argument array, a minimal environment, a temporary
 * working folder and HOME, stdin closed, stdout capped, a time limit that kills the whole process group.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024 * 1024;
const MAX_STDERR_BYTES = 1024 * 1024;

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  overflow: boolean;
  /** A spawn error (the tool could not start). */
  error?: string;
  durationMs: number;
}

export interface ToolRunOptions {
  timeoutMs?: number;
  maxOutputBytes?: number;
  /** PATH given to the child (default: the folders of the tool and of the current PATH). */
  pathEnv?: string;
}

/** A fresh temporary folder (real path) and a function that removes it. */
export function tempFolder(prefix = 'kubeward-render-'): { dir: string; remove: () => void } {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), prefix)));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Run `command args` safely (see the module comment). Never throws. */
export function runTool(command: string, args: readonly string[], options: ToolRunOptions = {}): Promise<ToolResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxOutput = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const home = tempFolder('kubeward-home-');
  const started = Date.now();
  const env: Record<string, string> = {
    PATH: options.pathEnv ?? process.env.PATH ?? '/usr/bin:/bin',
    HOME: home.dir,
    TMPDIR: home.dir,
    XDG_CONFIG_HOME: path.join(home.dir, '.config'),
    XDG_CACHE_HOME: path.join(home.dir, '.cache'),
    KUBECONFIG: path.join(home.dir, 'kubeconfig'),
    HELM_CACHE_HOME: path.join(home.dir, '.cache', 'helm'),
    HELM_CONFIG_HOME: path.join(home.dir, '.config', 'helm'),
    HELM_DATA_HOME: path.join(home.dir, '.local', 'helm'),
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    LANG: 'C',
  };
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let timedOut = false;
    let overflow = false;
    let done = false;
    const kill = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        try {
          child.kill('SIGKILL');
        } catch {
          /* already gone */
        }
      }
    };
    const finish = (code: number | null, error?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      home.remove();
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
        overflow,
        durationMs: Date.now() - started,
        ...(error ? { error } : {}),
      });
    };
    try {
      child = spawn(command, [...args], { cwd: home.dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true, shell: false, windowsHide: true });
    } catch (error) {
      home.remove();
      resolve({ code: null, stdout: '', stderr: '', timedOut: false, overflow: false, error: (error as Error).message, durationMs: 0 });
      return;
    }
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > maxOutput) {
        if (!overflow) {
          overflow = true;
          kill();
        }
        return;
      }
      out.push(chunk);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      if (errBytes < MAX_STDERR_BYTES) err.push(chunk);
      errBytes += chunk.length;
    });
    child.on('error', (error) => finish(null, error.message));
    child.on('close', (code) => finish(code));
  });
}

/** The first line of a tool's error output: trimmed, control characters escaped, at most `max` characters. */
export function firstErrorLine(stderr: string, max = 300): string {
  const line =
    stderr
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l !== '') ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are what the escaping replaces
  const escaped = line.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > max ? `${escaped.slice(0, max - 1)}…` : escaped;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Find a command on a PATH string (absolute path, or undefined). */
export function findOnPath(name: string, pathEnv: string | undefined = process.env.PATH): string | undefined {
  for (const dir of (pathEnv ?? '').split(path.delimiter)) {
    if (!dir || !path.isAbsolute(dir)) continue;
    const file = path.join(dir, name);
    if (executable(file)) return file;
  }
  return undefined;
}

/** How Kustomize is run: `kustomize build DIR` or `kubectl kustomize DIR`. */
export interface KustomizeTool {
  command: string;
  args: (dir: string) => string[];
}

export interface ToolPaths {
  /** A `kustomize` binary; takes precedence over kubectl. */
  kustomize?: string;
  kubectl?: string;
  helm?: string;
}

/** The Kustomize runner: explicit paths first, then `kustomize`, then `kubectl` on PATH. */
export function kustomizeTool(tools: ToolPaths, pathEnv?: string, enableHelm = false): KustomizeTool | undefined {
  const extra = enableHelm ? ['--enable-helm'] : [];
  const kustomize = tools.kustomize ?? (tools.kubectl ? undefined : findOnPath('kustomize', pathEnv));
  if (kustomize && executable(kustomize)) return { command: kustomize, args: (dir) => ['build', dir, ...extra] };
  const kubectl = tools.kubectl ?? findOnPath('kubectl', pathEnv);
  if (kubectl && executable(kubectl)) return { command: kubectl, args: (dir) => ['kustomize', dir, ...extra] };
  return undefined;
}

export function helmTool(tools: ToolPaths, pathEnv?: string): string | undefined {
  const helm = tools.helm ?? findOnPath('helm', pathEnv);
  return helm && executable(helm) ? helm : undefined;
}
