// `shipshape backlog`: a team's readiness work items as text, CSV (for an issue tracker's import),
// JSON or Markdown.
import type { Backlog } from '../lib/scoring/backlog.ts';

export type BacklogFormat = 'text' | 'csv' | 'json' | 'markdown';

export function formatBacklog(team: string, backlog: Backlog, capacity: number | null, format: BacklogFormat): string {
	if (format === 'json') return `${JSON.stringify({ team, capacity, ...backlog }, null, 2)}\n`;
	const where = (item: Backlog['items'][number]) => item.evidence.map((entry) => [entry.resource, entry.file && `${entry.file}${entry.line ? `:${entry.line}` : ''}`].filter(Boolean).join(' in ')).filter(Boolean).join('; ');
	if (format === 'csv') {
		const header = ['key', 'service', 'check', 'level', 'points', 'raises_level', 'message', 'remediation', 'evidence'];
		const rows = backlog.items.map((item) => [item.key, item.service, item.check, item.level, String(item.points), item.raisesLevel ? 'yes' : 'no', item.message, item.remediation, where(item)]);
		return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
	}
	const summary = `${backlog.items.length} item(s), ${backlog.points} point(s)${capacity === null ? '' : ` of a capacity of ${capacity}`}${backlog.deferred > 0 ? `; ${backlog.deferred} more deferred` : ''}.`;
	if (format === 'markdown') {
		const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
		const rows = backlog.items.map((item) => `| ${cell(item.service)} | ${cell(item.checkName)} (\`${item.check}\`, ${item.level}) | ${item.points} | ${item.raisesLevel ? 'yes' : 'no'} | ${cell(item.remediation)} |`);
		return `### Readiness backlog of ${team}\n\n${summary}\n\n| Service | Fix | Points | Raises a level | How |\n|---|---|---:|---|---|\n${rows.join('\n')}${rows.length > 0 ? '\n' : ''}`;
	}
	if (backlog.items.length === 0) return `${team} has no failing checks to work on.\n`;
	const lines = backlog.items.map((item) => `- [${item.key}] ${item.checkName} on ${item.service} (${item.level}, ${item.points} pt${item.points === 1 ? '' : 's'}${item.raisesLevel ? ', raises it a level' : ''}): ${item.message}\n    ${item.remediation}${where(item) === '' ? '' : `\n    evidence: ${where(item)}`}\n`);
	return `Readiness backlog of ${team}: ${summary}\n${lines.join('')}`;
}

/** RFC 4180 cells; a leading =, +, - or @ is neutralised so a spreadsheet does not run it as a formula. */
function csvCell(value: string): string {
	const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
