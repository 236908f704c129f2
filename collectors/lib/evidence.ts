// Evidence lists as collectors build them: the same file and line met twice is said once.
import type { Evidence } from '../../catalog/schema/common.ts';

export function dedupeEvidence(evidence: readonly Evidence[]): Evidence[] {
	const seen = new Set<string>();
	return evidence.filter((entry) => {
		const key = JSON.stringify(entry);
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}
