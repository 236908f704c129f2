// The rubric format: `rubrics/levels.yaml` and one `rubrics/checks/<id>.yaml` per check. Authored by
// people, so strict objects throughout; a check is one flat object (no union of objects, whose
// errors zod cannot explain) and is transformed into a discriminated `logic` after validation.
import { z } from 'zod';

/** The default level order, lowest first. A rubric's `levels.yaml` may rename or extend it. */
export const LEVELS = ['bronze', 'silver', 'gold'] as const;
export type Level = string;

export const CATEGORIES = ['reliability', 'security', 'observability', 'quality', 'maintainability'] as const;
export type Category = (typeof CATEGORIES)[number];

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** One operator from the closed vocabulary. To add one, change this, `expectations.ts` and its tests. */
export const Expectation = z
	.discriminatedUnion('op', [
		z.strictObject({ op: z.literal('exists').meta({ description: 'The fact is not null (and, for a list, not empty).' }) }),
		z.strictObject({
			op: z.literal('equals').meta({ description: 'The fact equals `value`.' }),
			value: Scalar.meta({ description: 'Expected value.' }),
		}),
		z.strictObject({
			op: z.literal('in').meta({ description: 'The fact is one of `values`.' }),
			values: z.array(Scalar).min(1).meta({ description: 'Allowed values.' }),
		}),
		z.strictObject({
			op: z.literal('atLeast').meta({ description: 'The number (or list length) is >= `value`.' }),
			value: z.number().meta({ description: 'Inclusive minimum.' }),
		}),
		z.strictObject({
			op: z.literal('atMost').meta({ description: 'The number (or list length) is <= `value`.' }),
			value: z.number().meta({ description: 'Inclusive maximum.' }),
		}),
		z.strictObject({
			op: z.literal('matches').meta({ description: 'The string matches the regular expression `pattern`.' }),
			pattern: z
				.string()
				.refine(isValidRegExp, 'Not a valid regular expression.')
				.meta({ description: 'JavaScript regular expression, without slashes.' }),
		}),
		z.strictObject({
			op: z.literal('withinDays').meta({ description: 'The ISO date is at most `days` days before the build time.' }),
			days: z.number().positive().meta({ description: 'Window in days.' }),
		}),
		z.strictObject({
			op: z.literal('semverSatisfies').meta({ description: 'The version satisfies the semver `range`.' }),
			range: z.string().min(1).meta({ description: 'A semver range, e.g. ">=18.0.0".' }),
		}),
	])
	.meta({ description: 'An expectation on one fact, from a closed set of operators.' });
export type Expectation = z.infer<typeof Expectation>;

export const FactCondition = z
	.strictObject({
		fact: z.string().meta({ description: 'Fact path, e.g. `descriptor.storesPii`.' }),
		expect: Expectation,
	})
	.meta({ description: 'A condition on one fact; the check applies only when it passes.' });

export const AppliesTo = z
	.strictObject({
		tiers: z.array(z.number().int().min(1).max(4)).optional().meta({ description: 'Only services of these tiers.' }),
		lifecycles: z.array(z.string()).optional().meta({ description: 'Only services in these lifecycle stages.' }),
		languages: z.array(z.string()).optional().meta({ description: 'Only services with one of these primary languages.' }),
		tags: z.array(z.string()).optional().meta({ description: 'Only services carrying at least one of these tags.' }),
		owners: z.array(z.string()).optional().meta({ description: 'Only services owned by one of these teams.' }),
		facts: z.array(FactCondition).optional().meta({ description: 'Only services whose facts meet every condition.' }),
	})
	.meta({ description: 'Which services the check applies to; all of the given filters must hold. Others get `not-applicable`.' });
export type AppliesTo = z.infer<typeof AppliesTo>;

/** A fix's size: T-shirt sizes or story points. */
export const Effort = z.union([z.enum(['S', 'M', 'L']), z.number().positive()]);
export type Effort = z.infer<typeof Effort>;

/** Points of an effort (S 1, M 3, L 8); M when unset. */
export function effortPoints(effort: Effort | undefined): number {
	if (effort === undefined) return 3;
	if (typeof effort === 'number') return effort;
	return { S: 1, M: 3, L: 8 }[effort];
}

const CheckFields = z.strictObject({
	$schema: z.string().optional().meta({ description: 'JSON Schema reference for editors.' }),
	id: z
		.string()
		.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use kebab-case, phrased true-when-good, e.g. "has-runbook".')
		.meta({ description: 'Kebab-case id, true-when-good, equal to the file name.' }),
	name: z.string().min(1).meta({ description: 'Short title.' }),
	question: z.string().min(1).optional().meta({ description: 'The readiness question it answers, e.g. "Is an owner defined?".' }),
	level: z.string().min(1).meta({ description: 'Level the check belongs to (one of the ids in levels.yaml).' }),
	category: z.enum(CATEGORIES).meta({ description: 'Category used for per-category levels.' }),
	description: z.string().min(1).meta({ description: 'Rationale: why it matters in production.' }),
	remediation: z.string().min(1).meta({ description: 'A concrete step to make it pass.' }),
	appliesTo: AppliesTo.optional(),
	fact: z.string().optional().meta({ description: 'Fact path the expectation reads (with `expect`).' }),
	expect: Expectation.optional(),
	messages: z
		.strictObject({
			pass: z.string().min(1).meta({ description: 'Said when the expectation holds.' }),
			fail: z.string().min(1).meta({ description: 'Said when it does not: name what is wrong and where.' }),
		})
		.optional()
		.meta({
			description:
				'What the finding says, in plain words, with `{{value}}` (the fact\'s value), `{{expected}}` (the expectation in words) and `{{resource}}` (the first resource or file of its evidence). Only with `fact` + `expect` (evaluators have their own messages). Without it the message names the fact path.',
		}),
	evaluator: z.string().optional().meta({ description: 'Name of a code evaluator (instead of `fact` + `expect`).' }),
	options: z.record(z.string(), z.unknown()).optional().meta({ description: "Options for the evaluator, validated by its schema." }),
	guide: z.string().optional().meta({ description: 'Slug of a long-form MDX guide under src/content/guides/.' }),
	effort: Effort.optional().meta({ description: 'How much work a fix usually is, for team backlogs: S, M or L (1, 3, 8 points), or points. Default: M.' }),
	enforcedFrom: z.iso
		.date()
		.optional()
		.meta({ description: 'Staged rollout: before this date (YYYY-MM-DD) the check is reported as upcoming and does not affect levels.' }),
});

export type CheckLogic =
	| { kind: 'expectation'; fact: string; expect: Expectation; messages?: { pass: string; fail: string } }
	| { kind: 'evaluator'; evaluator: string; options: Record<string, unknown> };

/** A check as written in YAML, validated and turned into `logic`. */
export const CheckDefinition = CheckFields.superRefine((check, context) => {
	const hasExpectation = check.fact !== undefined || check.expect !== undefined;
	const hasEvaluator = check.evaluator !== undefined;
	if (hasExpectation && hasEvaluator) {
		context.addIssue({ code: 'custom', path: ['evaluator'], message: 'Use either `fact` + `expect` or `evaluator`, not both.' });
	} else if (!hasExpectation && !hasEvaluator) {
		context.addIssue({ code: 'custom', path: [], message: 'A check needs logic: `fact` + `expect`, or `evaluator` (+ `options`).' });
	} else if (hasExpectation && (check.fact === undefined || check.expect === undefined)) {
		context.addIssue({
			code: 'custom',
			path: [check.fact === undefined ? 'fact' : 'expect'],
			message: '`fact` and `expect` go together.',
		});
	}
	if (check.messages !== undefined && hasEvaluator) {
		context.addIssue({ code: 'custom', path: ['messages'], message: '`messages` is for checks with `fact` + `expect`; an evaluator says its own messages.' });
	}
	if (check.options !== undefined && !hasEvaluator) {
		context.addIssue({ code: 'custom', path: ['options'], message: '`options` is only for checks with an `evaluator`.' });
	}
})
	.transform(({ fact, expect, evaluator, options, messages, $schema: _schema, ...policy }) => {
		const logic: CheckLogic =
			evaluator !== undefined
				? { kind: 'evaluator', evaluator, options: options ?? {} }
				: { kind: 'expectation', fact: fact as string, expect: expect as Expectation, ...(messages === undefined ? {} : { messages }) };
		return { ...policy, logic };
	})
	.meta({ title: 'Shipshape check', description: 'One check of the rubric: policy plus logic.' });
export type CheckDefinition = z.output<typeof CheckDefinition>;

export const LevelDefinition = z.strictObject({
	id: z.string().regex(/^[a-z0-9-]+$/).meta({ description: 'Level id used by checks.' }),
	title: z.string().meta({ description: 'Display title.' }),
	description: z.string().meta({ description: 'What holding this level means.' }),
});
export type LevelDefinition = z.infer<typeof LevelDefinition>;

export const LevelsFile = z
	.strictObject({
		$schema: z.string().optional().meta({ description: 'JSON Schema reference for editors.' }),
		levels: z.array(LevelDefinition).min(1).meta({ description: 'Levels, lowest first.' }),
	})
	.meta({ title: 'Shipshape rubric levels', description: 'The ordered maturity levels of a rubric.' });

export const CheckOverride = z
	.strictObject({
		level: z.string().min(1).optional().meta({ description: 'Move the check to this level.' }),
		options: z
			.record(z.string(), z.unknown())
			.optional()
			.meta({ description: "Evaluator options, merged into the default's: objects key by key, anything else (lists included) replaced. Validated by the evaluator's schema." }),
		enforcedFrom: z.iso.date().nullable().optional().meta({ description: 'Staged rollout date (YYYY-MM-DD), or null to enforce the check now.' }),
		appliesTo: AppliesTo.optional(),
		remediation: z.string().min(1).optional().meta({ description: 'Your own remediation text (e.g. a link to your platform docs).' }),
		guide: z.string().optional().meta({ description: 'Slug of one of your guides.' }),
		effort: Effort.optional().meta({ description: 'Your estimate of a fix: S, M, L or points.' }),
	})
	.meta({ description: 'Changes to one check of the rubric this overlay extends.' });
export type CheckOverride = z.infer<typeof CheckOverride>;

export const RubricOverlay = z
	.strictObject({
		$schema: z.string().optional().meta({ description: 'JSON Schema reference for editors.' }),
		extends: z
			.string()
			.min(1)
			.default('default')
			.meta({ description: '"default" (the rubric shipped with Shipshape), a path (a rubric directory or another overlay file, relative to this file) or the name of an installed package that ships a rubric.' }),
		disable: z.array(z.string()).optional().meta({ description: 'Ids of checks to leave out.' }),
		override: z.record(z.string(), CheckOverride).optional().meta({ description: 'Changes per check id.' }),
		checks: z.string().optional().meta({ description: 'Directory of extra checks (one YAML file per check, the same format as the default rubric), relative to this file.' }),
		levels: z
			.record(z.string(), z.strictObject({ title: z.string().min(1).optional(), description: z.string().min(1).optional() }))
			.optional()
			.meta({ description: 'Rename or re-describe levels, by level id.' }),
	})
	.meta({ title: 'Shipshape rubric overlay', description: 'A rubric that extends another (by default the shipped one) instead of copying it.' });
export type RubricOverlay = z.output<typeof RubricOverlay>;

/** A loaded rubric: levels in order plus checks sorted by id, and its content hash. */
export interface Rubric {
	version: string;
	levels: LevelDefinition[];
	checks: CheckDefinition[];
}

function isValidRegExp(pattern: string): boolean {
	try {
		new RegExp(pattern, 'u');
		return true;
	} catch {
		return false;
	}
}
