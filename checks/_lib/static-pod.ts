/**
 * Control-plane processes kept in the repository as (static) pods: find the containers that run kube-apiserver or
 * etcd and read their flags the way the binaries do. Shared by the `apiserver-*` and `etcd-tls` checks, so every one
 * of them agrees on what a flag's effective value is and where it was written.
 *
 * - A container runs a component when its `command` starts with the binary (`kube-apiserver`, `/usr/local/bin/etcd`,
 *   or `hyperkube kube-apiserver`), or when it has no (or an empty) `command` and its image is the component's image
 *   (the image's entrypoint is the binary, so `args` are its flags). A `command` that starts with anything else (`sh -c ...`) runs
 *   something kubeward cannot read: the container is left alone.
 * - Flags come from `command` (after the binary) then `args`, as the kubelet joins them; the last occurrence wins,
 *   as with the real flag parsers. `--flag=value` and `--flag value` are both read; a boolean flag takes its value
 *   only after `=` (`--anonymous-auth false` is true followed by a stray argument, as in pflag and Go's flag).
 * - etcd also reads `ETCD_<FLAG>` environment variables when the flag is not given; `--config-file` makes it ignore
 *   both (`configFile` is then set and the flags are not what etcd runs with).
 */
import { containerLabel, type ContainerLocation, containersOf, isRecord } from '../../src/k8s/index.js';
import type { Finding, KubeObject } from '../../src/check-api.js';
import type { Path } from '../../src/shared/types.js';

export type Component = 'kube-apiserver' | 'etcd';

export interface Flag {
  name: string;
  /** The effective value: the text after `=`, the next item, or `true` for a bare boolean flag. */
  value: string;
  /** Where the value is written: the `--flag=value` item, the item after `--flag`, or the env var's `value`. */
  path: Path;
  /** Where the flag is named (the same item as `path` for `--flag=value`). */
  flagPath: Path;
  source: 'command' | 'args' | 'env';
  /** A boolean flag written `--flag value`: the binary reads true and `value` as a stray argument. */
  strayValue?: string;
}

export interface ComponentProcess {
  component: Component;
  container: ContainerLocation;
  /** `container "kube-apiserver"`, for messages. */
  label: string;
  /** Effective flags by name (without dashes); the last occurrence wins. */
  flags: ReadonlyMap<string, Flag>;
  /** Where a missing flag is reported: the container's `command` key, else its `args` key, else the container. */
  missingPath: Path;
  /** etcd only: `--config-file` is given, so etcd ignores every other flag and environment variable. */
  configFile?: Flag;
}

/** Boolean flags (their value only follows `=`). Other flags take the next item when written without `=`. */
const BOOLEAN_FLAGS: Record<Component, ReadonlySet<string>> = {
  'kube-apiserver': new Set([
    'allow-privileged',
    'alsologtostderr',
    'anonymous-auth',
    'audit-log-compress',
    'audit-log-truncate-enabled',
    'audit-webhook-truncate-enabled',
    'contention-profiling',
    'disable-http2-serving',
    'enable-aggregator-routing',
    'enable-bootstrap-token-auth',
    'enable-garbage-collector',
    'enable-logs-handler',
    'enable-priority-and-fairness',
    'encryption-provider-config-automatic-reload',
    'help',
    'logtostderr',
    'permit-address-sharing',
    'permit-port-sharing',
    'profiling',
    'service-account-extend-token-expiration',
    'service-account-lookup',
    'watch-cache',
  ]),
  etcd: new Set([
    'auto-tls',
    'client-cert-auth',
    'debug',
    'enable-grpc-gateway',
    'enable-pprof',
    'enable-v2',
    'experimental-initial-corrupt-check',
    'force-new-cluster',
    'peer-auto-tls',
    'peer-client-cert-auth',
    'socket-reuse-address',
    'socket-reuse-port',
    'strict-reconfig-check',
    'version',
  ]),
};

const BOOL_LITERALS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Go's strconv.ParseBool: true, false, or undefined for anything else. */
export function parseBool(value: string): boolean | undefined {
  if (!BOOL_LITERALS.has(value)) return undefined;
  return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value);
}

/** A comma-separated flag value as a list (`Node,RBAC` → ['Node', 'RBAC']), blanks dropped. */
export function listValue(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** The last segment of an image's repository, without registry, tag or digest: `registry.k8s.io/etcd:3.5` → `etcd`. */
function imageName(image: unknown): string | undefined {
  if (typeof image !== 'string') return undefined;
  const noDigest = image.split('@')[0];
  const last = noDigest.slice(noDigest.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  return (colon === -1 ? last : last.slice(0, colon)).toLowerCase();
}

const ARCH_SUFFIXES = ['amd64', 'arm64', 'arm', 'ppc64le', 's390x', '386'];

function isComponentImage(image: unknown, component: Component): boolean {
  const name = imageName(image);
  // `kube-apiserver`, or an architecture image of the old registries (`kube-apiserver-amd64`, `etcd-arm64`).
  return name !== undefined && (name === component || ARCH_SUFFIXES.some((arch) => name === `${component}-${arch}`));
}

function basename(value: unknown): string | undefined {
  return typeof value === 'string' ? value.slice(value.lastIndexOf('/') + 1) : undefined;
}

/** How many leading items of `command` name the binary (1, or 2 for `hyperkube kube-apiserver`), or 0 when it is not the component. */
function binaryItems(command: unknown[], component: Component): number {
  const first = basename(command[0]);
  if (first === component) return 1;
  if (first === 'hyperkube' && component === 'kube-apiserver' && (command[1] === 'kube-apiserver' || command[1] === 'apiserver')) return 2;
  return 0;
}

interface Token {
  text: string;
  path: Path;
  source: 'command' | 'args';
}

function tokensOf(c: ContainerLocation, component: Component): Token[] | undefined {
  const { command, args } = c.container;
  let fromCommand: Token[] = [];
  if (command === undefined || command === null || (Array.isArray(command) && command.length === 0)) {
    // No command (an empty list too): the image's entrypoint runs, with `args` as its arguments.
    if (!isComponentImage(c.container.image, component)) return undefined;
  } else if (Array.isArray(command)) {
    const skip = binaryItems(command, component);
    if (skip === 0) return undefined;
    fromCommand = command
      .slice(skip)
      .flatMap((text, i) => (typeof text === 'string' ? [{ text, path: [...c.path, 'command', i + skip], source: 'command' as const }] : []));
  } else {
    return undefined;
  }
  const fromArgs = Array.isArray(args)
    ? args.flatMap((text, i) => (typeof text === 'string' ? [{ text, path: [...c.path, 'args', i], source: 'args' as const }] : []))
    : [];
  return [...fromCommand, ...fromArgs];
}

function parseFlags(tokens: Token[], component: Component): Map<string, Flag> {
  const flags = new Map<string, Flag>();
  const booleans = BOOLEAN_FLAGS[component];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.text === '--') break;
    const dashes = token.text.startsWith('--') ? 2 : component === 'etcd' && token.text.startsWith('-') ? 1 : 0;
    if (dashes === 0) continue;
    const body = token.text.slice(dashes);
    const eq = body.indexOf('=');
    const name = eq === -1 ? body : body.slice(0, eq);
    if (!name) continue;
    let flag: Flag;
    if (eq !== -1) {
      flag = { name, value: body.slice(eq + 1), path: token.path, flagPath: token.path, source: token.source };
    } else if (booleans.has(name)) {
      flag = { name, value: 'true', path: token.path, flagPath: token.path, source: token.source };
      const next = tokens[i + 1];
      if (next && BOOL_LITERALS.has(next.text)) flag.strayValue = next.text;
    } else {
      const next = tokens[i + 1];
      if (next && (!next.text.startsWith('-') || next.text === '-')) {
        flag = { name, value: next.text, path: next.path, flagPath: token.path, source: token.source };
        i++;
      } else {
        // A bare flag kubeward does not know: most likely a boolean.
        flag = { name, value: 'true', path: token.path, flagPath: token.path, source: token.source };
      }
    }
    flags.set(name, flag);
  }
  return flags;
}

/** etcd's `ETCD_CERT_FILE=...` environment variables, for flags the command line does not set. */
function etcdEnvFlags(c: ContainerLocation, flags: Map<string, Flag>): void {
  const env = c.container.env;
  if (!Array.isArray(env)) return;
  env.forEach((entry, i) => {
    if (!isRecord(entry) || typeof entry.name !== 'string' || !entry.name.startsWith('ETCD_') || typeof entry.value !== 'string') return;
    const name = entry.name.slice(5).toLowerCase().replace(/_/g, '-');
    if (!name || flags.get(name)?.source === 'command' || flags.get(name)?.source === 'args') return;
    const path = [...c.path, 'env', i, 'value'];
    flags.set(name, { name, value: entry.value, path, flagPath: path, source: 'env' });
  });
}

/** Every container of a workload that runs `component`, with its effective flags. Shape-safe: never throws. */
export function processesOf(object: KubeObject, component: Component): ComponentProcess[] {
  const out: ComponentProcess[] = [];
  for (const c of containersOf(object)) {
    const tokens = tokensOf(c, component);
    if (!tokens) continue;
    const flags = parseFlags(tokens, component);
    let configFile: Flag | undefined;
    if (component === 'etcd') {
      configFile = flags.get('config-file');
      if (!configFile) etcdEnvFlags(c, flags);
      if (!configFile) configFile = flags.get('config-file');
    }
    const missingPath = 'command' in c.container ? [...c.path, 'command'] : 'args' in c.container ? [...c.path, 'args'] : c.path;
    out.push({ component, container: c, label: containerLabel(c), flags, missingPath, ...(configFile ? { configFile } : {}) });
  }
  return out;
}

/** A flag whose value is empty counts as not set (`--audit-log-path=` turns the log off). */
export function setFlag(process: ComponentProcess, name: string): Flag | undefined {
  const flag = process.flags.get(name);
  return flag && flag.value.trim() !== '' ? flag : undefined;
}

/** A flag that names a file and is missing or empty: reported on the command when missing, on its value when empty. */
export function missingFlag(p: ComponentProcess, name: string, messageId: string): Finding | undefined {
  if (setFlag(p, name)) return undefined;
  const empty = p.flags.get(name);
  const data = { container: p.label, flag: `--${name}` };
  return empty ? { messageId, data, path: empty.path } : { messageId, data, path: p.missingPath, pointAt: 'key' };
}
