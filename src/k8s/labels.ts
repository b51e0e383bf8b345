import { isRecord } from './pods.js';

/**
 * Whether a Kubernetes label selector (`matchLabels` and `matchExpressions` with In, NotIn, Exists,
 * DoesNotExist) selects a set of labels. A missing or empty selector selects everything; a selector of the wrong
 * shape, or with an unknown operator, selects nothing (the API server would refuse it).
 */
export function selectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  if (selector === undefined || selector === null) return true;
  if (!isRecord(selector)) return false;
  const { matchLabels, matchExpressions } = selector;
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isRecord(matchLabels)) return false;
    for (const [k, v] of Object.entries(matchLabels)) {
      if (v === null || typeof v === 'object' || labels[k] !== String(v)) return false;
    }
  }
  if (matchExpressions !== undefined && matchExpressions !== null) {
    if (!Array.isArray(matchExpressions)) return false;
    for (const e of matchExpressions) {
      if (!isRecord(e) || typeof e.key !== 'string') return false;
      const has = Object.prototype.hasOwnProperty.call(labels, e.key);
      const values = Array.isArray(e.values) ? e.values.filter((v) => v !== null && typeof v !== 'object').map(String) : [];
      switch (e.operator) {
        case 'In':
          if (!has || !values.includes(labels[e.key])) return false;
          break;
        case 'NotIn':
          if (has && values.includes(labels[e.key])) return false;
          break;
        case 'Exists':
          if (!has) return false;
          break;
        case 'DoesNotExist':
          if (has) return false;
          break;
        default:
          return false;
      }
    }
  }
  return true;
}
