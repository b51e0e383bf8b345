/**
 * `kubeward --explain ID`: a check's README from the installed package, as plain text for a terminal, then how to
 * turn the check off or change its level. Checks of the config and of plugins have no README: their meta is shown.
 */
import fs from 'node:fs';
import path from 'node:path';
import { checks as builtinChecks } from '../../checks/index.js';
import type { Check } from '../check-api.js';
import { baseRules, presetRules, type ResolvedConfig, SCHEMA_RULE_ID } from '../config/index.js';
import { UsageError } from '../shared/errors.js';
import { packageFile } from '../shared/package-root.js';

const LEVELS = ['off', 'warn', 'error'];

/** The file of the package that documents a check: its README, or the doc of the engine's own checks. */
function docFileOf(check: Check): string | undefined {
  if (builtinChecks.includes(check)) return packageFile('checks', check.meta.id, 'README.md');
  if (check.meta.id === SCHEMA_RULE_ID) return packageFile('docs', 'schemas.md');
  if (check.meta.id === 'vap') return packageFile('docs', 'policies.md');
  return undefined;
}

/** The explanation of check `id` (or of `<id>/<suffix>` of a check with sub-ids). Throws a UsageError naming close ids. */
export function explain(id: string, resolved: ResolvedConfig): string {
  const check = resolved.checks.find((c) => c.meta.id === id) ?? resolved.checks.find((c) => c.meta.subIds && id.startsWith(`${c.meta.id}/`));
  if (!check) {
    const close = closeIds(
      id,
      resolved.checks.map((c) => c.meta.id),
    );
    const hint = close.length ? `; did you mean ${close.join(', ')}?` : '';
    throw new UsageError(`--explain: unknown check "${id}"${hint} (kubeward --list-checks lists them)`);
  }
  const file = docFileOf(check);
  let body: string;
  if (file) {
    let markdown: string;
    try {
      markdown = fs.readFileSync(file, 'utf8');
    } catch {
      throw new UsageError(
        `--explain: the documentation of "${check.meta.id}" is missing from this installation (${file}); read ${check.meta.docs?.url ?? 'it online'}`,
      );
    }
    body = markdownToText(markdown, path.dirname(file));
  } else {
    body = metaText(check);
  }
  return `${body.trimEnd()}\n\n${configureText(id, check, resolved)}`;
}

/** What a check without a README says of itself. */
function metaText(check: Check): string {
  const { meta } = check;
  const lines = [meta.id, '='.repeat(meta.id.length), '', meta.description];
  if (meta.remediation) lines.push('', 'How to fix', '----------', '', meta.remediation);
  if (meta.docs?.url) lines.push('', `Documentation: ${meta.docs.url}`);
  return lines.join('\n');
}

/** The config snippet and command-line options to turn the check off or change its level. */
function configureText(id: string, check: Check, resolved: ResolvedConfig): string {
  const level = LEVELS[baseRules(resolved).get(check.meta.id)?.severity ?? 0];
  const defaultLevel = LEVELS[presetRules(resolved.checks, ['recommended']).get(check.meta.id)?.severity ?? 0];
  const title = 'Turn it off or change its level';
  return [
    title,
    '-'.repeat(title.length),
    '',
    `Level: ${level} here (default: ${defaultLevel}).`,
    '',
    'In .kubeward.yaml (levels: off, warn, error; or 0, 1, 2):',
    '',
    '    rules:',
    `      ${id}: off`,
    '',
    'For some folders only:',
    '',
    '    overrides:',
    '      - files: ["legacy/**"]',
    '        rules:',
    `          ${id}: warn`,
    '',
    `On the command line: kubeward --rule ${id}:off`,
    `For one finding: # kubeward-disable-next-line ${id} -- reason`,
    `For one object: the annotation ignore-check.kubeward.io/${id.split('/')[0]}: "reason"`,
    '',
  ].join('\n');
}

/** Ids close to a mistyped one: by edit distance, or containing it; the closest first, at most five. */
export function closeIds(wanted: string, ids: readonly string[]): string[] {
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  return ids
    .map((id) => ({ id, d: distance(wanted, id), contains: id.includes(wanted) || wanted.includes(id) }))
    .filter((c) => c.d <= limit || c.contains)
    .sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : 1))
    .slice(0, 5)
    .map((c) => c.id);
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(prev[j] + 1, next[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = next;
  }
  return prev[b.length];
}

/**
 * Markdown → plain text for a terminal: headings underlined, code blocks indented, tables aligned, emphasis and code
 * marks dropped, links as `text (address)` (relative ones as the package path they name).
 */
export function markdownToText(markdown: string, baseDir: string): string {
  const out: string[] = [];
  const lines = markdown.replace(/<!--[\s\S]*?-->/g, '').split(/\r?\n/);
  let fence: string | undefined;
  let table: string[][] = [];
  const flushTable = () => {
    if (!table.length) return;
    const widths = table[0].map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
    for (const row of table) out.push(`  ${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')}`.trimEnd());
    table = [];
  };
  for (const line of lines) {
    const fenceMark = /^\s*(```+|~~~+)/.exec(line)?.[1];
    if (fence) {
      if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = undefined;
      else out.push(line ? `    ${line}` : '');
      continue;
    }
    if (fenceMark) {
      flushTable();
      fence = fenceMark;
      continue;
    }
    if (/^\s*\|.*\|\s*$/.test(line)) {
      const cells = splitRow(line);
      if (cells.every((c) => /^:?-{3,}:?$/.test(c))) continue;
      table.push(cells.map((c) => inline(c, baseDir)));
      continue;
    }
    flushTable();
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const text = inline(heading[2], baseDir);
      const level = heading[1].length;
      if (out.length && out[out.length - 1] !== '') out.push('');
      out.push(text);
      if (level <= 2) out.push((level === 1 ? '=' : '-').repeat(text.length));
      continue;
    }
    out.push(inline(line, baseDir));
  }
  flushTable();
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let code = false;
  const body = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\' && body[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (ch === '`') {
      code = !code;
      cell += ch;
    } else if (ch === '|' && !code) {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

/** Inline Markdown → text; code spans are kept as they are written (without their backquotes). */
function inline(text: string, baseDir: string): string {
  return text
    .split(/(`+[^`]*`+)/)
    .map((part, i) => {
      if (i % 2 === 1) return part.replace(/^`+\s?|\s?`+$/g, '');
      return part
        .replace(/!?\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g, (_, label: string, href: string) => `${label}${linkTarget(href, label, baseDir)}`)
        .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
        .replace(/(^|[\s(])[*_](?=\S)([^*_]+?)(?<=\S)[*_](?=$|[\s).,;:!?])/g, '$1$2')
        .replace(/<br\s*\/?>/g, ' ');
    })
    .join('');
}

/** What follows a link's text: its address, or for a link into the package, the file's path there. */
function linkTarget(href: string, label: string, baseDir: string): string {
  if (href.startsWith('#')) return '';
  if (/^[a-z]+:/i.test(href)) return href === label ? '' : ` (${href})`;
  const [file, anchor] = href.split('#');
  let shown: string;
  try {
    shown = path.relative(packageFile(), path.resolve(baseDir, file)).split(path.sep).join('/');
  } catch {
    shown = file;
  }
  return ` (${shown}${anchor ? `#${anchor}` : ''})`;
}
