// Deterministic JSON for files reviewed in git diffs: keys sorted, two-space indent, trailing newline.
export function stableStringify(value: unknown): string {
	return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(sortKeys);
	if (value === null || typeof value !== 'object') return value;
	const sorted: Record<string, unknown> = {};
	for (const key of Object.keys(value).sort()) {
		const child = (value as Record<string, unknown>)[key];
		if (child !== undefined) sorted[key] = sortKeys(child);
	}
	return sorted;
}
