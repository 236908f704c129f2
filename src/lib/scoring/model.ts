// Types shared by the scoring library. Plain data in, plain data out.
import type { z } from 'zod';
import type { Evidence } from '../../../catalog/schema/common.ts';
import type { Category, Level } from '../../../rubrics/schema.ts';
import type { FactView } from './facts.ts';

/** `waived` is a failure an approved, unexpired waiver covers: it does not block a level. */
export const OUTCOMES = ['pass', 'fail', 'not-applicable', 'unknown', 'error', 'waived'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** What one piece of logic says about one service, before it is labelled with its check. */
export interface Verdict {
	outcome: Outcome;
	message: string;
	evidence: Evidence[];
}

/** The result of one check on one service. */
export interface Finding extends Verdict {
	checkId: string;
	level: Level;
	category: Category;
	/** The check is announced (`enforcedFrom` in the future): shown, but it does not count yet. */
	upcoming?: boolean;
}

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
