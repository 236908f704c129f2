// Types shared by the scoring library. Plain data in, plain data out.
import { z } from 'zod';
import { Evidence } from '../../../catalog/schema/common.ts';
import { CATEGORIES } from '../../../rubrics/schema.ts';
import type { FactView } from './facts.ts';

/** `waived` is a failure an approved, unexpired waiver covers: it does not block a level. */
export const OUTCOMES = ['pass', 'fail', 'not-applicable', 'unknown', 'error', 'waived'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * The result of one check on one service: the one shape from the evaluator to the report and the
 * pages (the report validates it with this schema when it reads it back).
 */
export const Finding = z.object({
	checkId: z.string().meta({ description: 'The check; its name and remediation are on the check (findCheck).' }),
	evaluator: z.string().nullable().meta({ description: 'The evaluator that judged it, or null for a check\'s own `fact` + `expect`.' }),
	messageId: z
		.string()
		.meta({ description: 'Which message was said: the evaluator\'s own ids, or met/missed (an expectation), data-missing, not-measured, not-applicable, waived, evaluator-failed, invalid-value.' }),
	outcome: z.enum(OUTCOMES),
	message: z.string().meta({ description: 'What was found, in words (the message template with its values).' }),
	evidence: z.array(Evidence),
	level: z.string(),
	category: z.enum(CATEGORIES),
	upcoming: z.boolean().optional().meta({ description: 'The check is announced (`enforcedFrom` in the future): shown, but it does not count yet.' }),
});
export type Finding = z.infer<typeof Finding>;

/** What one piece of logic says about one service, before it is labelled with its check. */
export type Verdict = Pick<Finding, 'outcome' | 'messageId' | 'message' | 'evidence'>;

/** Code for logic that does not fit one expectation (shaped like an ESLint rule). */
export interface Evaluator<Options = any> {
	meta: {
		name: string;
		/** One sentence, ending with a period. */
		description: string;
		/** Fact paths it reads; when one is not collected the finding is `unknown`. */
		requires: readonly string[];
		/** Alternative sources: the finding is `unknown` only when none of them was collected. */
		requiresAny?: readonly string[];
		options: z.ZodType<Options>;
		/** Message templates by id, with `{{placeholders}}`. */
		messages: Readonly<Record<string, string>>;
	};
	evaluate(context: EvaluatorContext<Options>): EvaluatorResult;
}

export interface EvaluatorContext<Options> {
	facts: FactView;
	options: Options;
	now: Date;
}

export interface EvaluatorResult {
	outcome: Exclude<Outcome, 'error' | 'unknown'> | 'unknown';
	messageId: string;
	data?: Record<string, string | number>;
	evidence?: Evidence[];
}

/** Identity helper that gives evaluator files their types. */
export function defineEvaluator<Options>(evaluator: Evaluator<Options>): Evaluator<Options> {
	return evaluator;
}
