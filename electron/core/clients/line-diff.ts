/** A unified diff of two texts by lines (LCS), with `context` lines around each change; '' when equal. */
export function unifiedDiff(before: string, after: string, label: string, context = 3): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffOps(a, b);
  const hunks: string[] = [];
  let i = 0;
  while (i < ops.length) {
    while (i < ops.length && ops[i]?.kind === ' ') i++;
    if (i >= ops.length) break;
    const start = Math.max(0, i - context);
    let end = i;
    let lastChange = i;
    while (end < ops.length) {
      if (ops[end]?.kind !== ' ') lastChange = end;
      else if (end - lastChange > context * 2) break;
      end++;
    }
    const stop = Math.min(ops.length, lastChange + context + 1);
    const slice = ops.slice(start, stop);
    const first = slice[0];
    const aStart = first?.aLine ?? 0;
    const bStart = first?.bLine ?? 0;
    const aCount = slice.filter((o) => o.kind !== '+').length;
    const bCount = slice.filter((o) => o.kind !== '-').length;
    hunks.push(
      `@@ -${aStart + (aCount > 0 ? 1 : 0)},${aCount} +${bStart + (bCount > 0 ? 1 : 0)},${bCount} @@`,
    );
    for (const op of slice) hunks.push(`${op.kind}${op.text}`);
    i = stop;
  }
  return [`--- ${label}`, `+++ ${label} (MCP Gate)`, ...hunks].join('\n') + '\n';
}

interface Op {
  readonly kind: ' ' | '-' | '+';
  readonly text: string;
  /** Lines of `a` / `b` before this op (0-based position). */
  readonly aLine: number;
  readonly bLine: number;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function diffOps(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const table: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let x = n - 1; x >= 0; x--) {
    const row = table[x] as Uint32Array;
    const below = table[x + 1] as Uint32Array;
    for (let y = m - 1; y >= 0; y--) {
      row[y] = a[x] === b[y] ? (below[y + 1] ?? 0) + 1 : Math.max(below[y] ?? 0, row[y + 1] ?? 0);
    }
  }
  const ops: Op[] = [];
  let x = 0;
  let y = 0;
  while (x < n || y < m) {
    if (x < n && y < m && a[x] === b[y]) {
      ops.push({ kind: ' ', text: a[x] ?? '', aLine: x, bLine: y });
      x++;
      y++;
    } else if (x < n && (y >= m || (table[x + 1]?.[y] ?? 0) >= (table[x]?.[y + 1] ?? 0))) {
      ops.push({ kind: '-', text: a[x] ?? '', aLine: x, bLine: y });
      x++;
    } else {
      ops.push({ kind: '+', text: b[y] ?? '', aLine: x, bLine: y });
      y++;
    }
  }
  return ops;
}
