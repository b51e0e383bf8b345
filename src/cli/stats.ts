/**
 * `kubeward --stats`: per check, the findings reported and suppressed, the objects it ran on and its time, as a table
 * after the report (ESLint's --stats gives the same per rule). Times come from the engine's `onCheckTime`.
 */
import type { LintResult } from '../shared/types.js';

interface CheckStats {
  objects: number;
  ms: number;
}

export interface Stats {
  onCheckTime(checkId: string, ms: number): void;
  /** The table, ending with a newline. */
  table(results: readonly LintResult[]): string;
}

/** The check a rule id belongs to (`vap/replica-limit` → `vap`). */
function checkOf(ruleId: string, timed: ReadonlyMap<string, CheckStats>): string {
  if (timed.has(ruleId)) return ruleId;
  const slash = ruleId.indexOf('/');
  return slash > 0 && timed.has(ruleId.slice(0, slash)) ? ruleId.slice(0, slash) : ruleId;
}

export function createStats(): Stats {
  const timed = new Map<string, CheckStats>();
  return {
    onCheckTime(checkId, ms) {
      const entry = timed.get(checkId) ?? { objects: 0, ms: 0 };
      entry.objects++;
      entry.ms += ms;
      timed.set(checkId, entry);
    },
    table(results) {
      const rows = new Map<string, { errors: number; warnings: number; suppressed: number }>();
      const row = (ruleId: string) => {
        const id = checkOf(ruleId, timed);
        let r = rows.get(id);
        if (!r) rows.set(id, (r = { errors: 0, warnings: 0, suppressed: 0 }));
        return r;
      };
      for (const id of timed.keys()) row(id);
      for (const result of results) {
        for (const m of result.messages) if (m.ruleId !== null) row(m.ruleId)[m.severity === 2 ? 'errors' : 'warnings']++;
        for (const m of result.suppressedMessages) if (m.ruleId !== null) row(m.ruleId).suppressed++;
      }
      const totalMs = [...timed.values()].reduce((n, t) => n + t.ms, 0);
      const ids = [...rows.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const header = ['Check', 'Errors', 'Warnings', 'Suppressed', 'Objects', 'Time (ms)', 'Relative'];
      const body = ids.map((id) => {
        const r = rows.get(id)!;
        const t = timed.get(id) ?? { objects: 0, ms: 0 };
        return [id, r.errors, r.warnings, r.suppressed, t.objects, t.ms.toFixed(2), `${totalMs > 0 ? ((100 * t.ms) / totalMs).toFixed(1) : '0.0'}%`].map(
          String,
        );
      });
      const sum = (i: number) => String(body.reduce((n, cells) => n + Number(cells[i]), 0));
      const objects = results.reduce((n, r) => n + (r.objectCount ?? 0), 0);
      const total = ['Total', sum(1), sum(2), sum(3), '', totalMs.toFixed(2), '100.0%'];
      const table = [header, ...body, total];
      const widths = header.map((_, i) => Math.max(...table.map((cells) => cells[i].length)));
      const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
      const files = results.length;
      return `\n${[line(header), ...body.map(line), line(total)].join('\n')}\n${files} file${files === 1 ? '' : 's'}, ${objects} object${objects === 1 ? '' : 's'}\n`;
    },
  };
}
