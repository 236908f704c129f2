// The shape most evaluators share: every item of a list must meet a condition. No items means there
// is nothing to judge (`not-applicable`); an item whose answer could not be read makes the whole
// verdict `unknown` unless another item already fails.
import type { Evidence } from '../../../../catalog/schema/common.ts';
import type { EvaluatorResult } from '../model.ts';

export interface ItemVerdict {
	/** `null` = could not be determined from the data. */
	ok: boolean | null;
	evidence: Evidence;
}

export function judgeAll(verdicts: readonly ItemVerdict[]): EvaluatorResult {
	if (verdicts.length === 0) {
		return { outcome: 'not-applicable', messageId: 'none' };
	}
	const failing = verdicts.filter((verdict) => verdict.ok === false);
	const undetermined = verdicts.filter((verdict) => verdict.ok === null);
	if (failing.length > 0) {
		return {
			outcome: 'fail',
			messageId: 'failing',
			data: { failing: failing.length, total: verdicts.length, names: namesOf(failing) },
			evidence: failing.map((verdict) => verdict.evidence),
		};
	}
	if (undetermined.length > 0) {
		return {
			outcome: 'unknown',
			messageId: 'undetermined',
			data: { undetermined: undetermined.length, total: verdicts.length, names: namesOf(undetermined) },
			evidence: undetermined.map((verdict) => verdict.evidence),
		};
	}
	return { outcome: 'pass', messageId: 'passing', data: { total: verdicts.length }, evidence: verdicts.map((verdict) => verdict.evidence) };
}

/** Items a message names: "`aws_db_instance.orders`, `aws_s3_bucket.assets` and 3 more". */
const NAMED = 3;

function namesOf(verdicts: readonly ItemVerdict[]): string {
	const names = [...new Set(verdicts.map((verdict) => verdict.evidence.resource ?? verdict.evidence.file ?? '').filter((name) => name !== ''))];
	const shown = names.slice(0, NAMED).map((name) => `\`${name}\``);
	return names.length <= NAMED ? shown.join(', ') : `${shown.join(', ')} and ${names.length - NAMED} more`;
}
