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
