// The benchmarks' result table: rows of [what, value, budget, pass] in aligned columns (CJK counts as two).
export function formatTable(rows) {
  const head = ['what', 'value', 'budget', 'pass'];
  const all = [head, ...rows];
  const width = (s) => [...String(s)].reduce((w, ch) => w + (/[\u2E80-\uFFEF]/.test(ch) ? 2 : 1), 0);
  const cols = head.map((_, c) => Math.max(...all.map((r) => width(r[c]))));
  const line = (r) => r.map((cell, c) => String(cell) + ' '.repeat(cols[c] - width(cell))).join('  ').trimEnd();
  return [line(head), cols.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
