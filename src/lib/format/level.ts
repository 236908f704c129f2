// Display helpers for levels and outcomes (pure; used by components).

/** "none" for below the first level, otherwise the level id capitalised. */
export function levelLabel(level: string | null): string {
	if (level === null) return 'None';
	return level.charAt(0).toUpperCase() + level.slice(1);
}

export const OUTCOME_LABELS: Readonly<Record<string, string>> = {
	pass: 'Pass',
	fail: 'Fail',
	'not-applicable': 'Not applicable',
	unknown: 'Data missing',
	error: 'Tooling error',
	waived: 'Waived',
};

/** Symbols shown next to the words so that outcome is never conveyed by colour alone. */
export const OUTCOME_SYMBOLS: Readonly<Record<string, string>> = {
	pass: '✓',
	fail: '✗',
	'not-applicable': '–',
	unknown: '?',
	error: '!',
	waived: '~',
};

/** Services per level as shares of the whole, for the stacked bar: each level's count, percent and where its segment starts. */
export function levelShares(counts: Readonly<Record<string, number>>, levels: readonly string[]): { level: string; label: string; count: number; percent: number; offset: string; width: string }[] {
	const order = ['none', ...levels];
	const total = order.reduce((sum, level) => sum + (counts[level] ?? 0), 0);
	let offset = 0;
	return order.map((level) => {
		const count = counts[level] ?? 0;
		const share = total === 0 ? 0 : (count / total) * 100;
		const entry = { level, label: levelLabel(level === 'none' ? null : level), count, percent: Math.round(share), offset: offset.toFixed(3), width: share.toFixed(3) };
		offset += share;
		return entry;
	});
}
