// Lists as collectors build them: the same entry (the same file and line, the same problem) met
// twice is said once, in the order first met.
export function uniqueByValue<T>(entries: readonly T[]): T[] {
	const seen = new Set<string>();
	return entries.filter((entry) => {
		const key = JSON.stringify(entry);
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}
