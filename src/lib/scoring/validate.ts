// Cross-reference validation of a parsed rubric (Tech Insights style): every fact path exists in the
// fact schema, every evaluator exists and accepts its options, every level is known and used.
import { z } from 'zod';
import { Facts } from '../../../catalog/schema/facts.ts';
import type { Rubric } from '../../../rubrics/schema.ts';
import { SERVICE_FIELDS, SERVICE_NAMESPACE } from './facts.ts';
import type { Evaluator } from './model.ts';

/** A cross-reference problem: the file (relative to the rubric), the field path in it, what to do. */
export interface RubricProblem {
	file: string;
	path: (string | number)[];
	message: string;
}

/** Returns one problem per mistake, each naming the check and what to do; empty when valid. */
/** `pluginFacts`: the facts schemas of the user's plugin collectors, by namespace. */
export function validateRubric(rubric: Rubric, evaluators: ReadonlyMap<string, Evaluator>, pluginFacts: ReadonlyMap<string, z.ZodType> = new Map()): RubricProblem[] {
	const problems: RubricProblem[] = [];
	const levelIds = rubric.levels.map((level) => level.id);
	const factPaths = knownFactPaths(pluginFacts);
	const seen = new Set<string>();

	for (const level of levelIds.filter((id, index) => levelIds.indexOf(id) !== index)) {
		problems.push({ file: 'levels.yaml', path: ['levels'], message: `level "${level}" is listed twice; keep one entry.` });
	}
	for (const check of rubric.checks) {
		const file = `checks/${check.id}.yaml`;
		if (seen.has(check.id)) problems.push({ file, path: ['id'], message: `check id "${check.id}" is used twice; ids must be unique.` });
		seen.add(check.id);
		if (!levelIds.includes(check.level)) {
			problems.push({ file, path: ['level'], message: `level "${check.level}" is not in levels.yaml; use one of ${levelIds.join(', ')}.` });
		}
		const paths: { fact: string; at: (string | number)[] }[] = (check.appliesTo?.facts ?? []).map((condition, index) => ({ fact: condition.fact, at: ['appliesTo', 'facts', index, 'fact'] }));
		if (check.logic.kind === 'expectation') {
			paths.push({ fact: check.logic.fact, at: ['fact'] });
		} else {
			const evaluator = evaluators.get(check.logic.evaluator);
			if (evaluator === undefined) {
				problems.push({ file, path: ['evaluator'], message: `evaluator "${check.logic.evaluator}" does not exist; use one of ${[...evaluators.keys()].join(', ')}.` });
			} else {
				// Typed fact access: a typo in what an evaluator reads is an error here, not a silent `unknown`.
				for (const fact of [...evaluator.meta.requires, ...(evaluator.meta.requiresAny ?? [])]) {
					if (!factPaths.has(fact)) problems.push({ file, path: ['evaluator'], message: `evaluator "${evaluator.meta.name}" reads fact "${fact}", which no collector emits; fix the evaluator's requires or add the collector.` });
				}
				const parsed = evaluator.meta.options.safeParse(check.logic.options);
				if (!parsed.success) {
					for (const issue of parsed.error.issues) {
						problems.push({ file, path: ['options', ...issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key))], message: `${issue.message} (options of evaluator "${evaluator.meta.name}").` });
					}
				}
			}
		}
		for (const { fact, at } of paths) {
			if (!factPaths.has(fact)) {
				problems.push({ file, path: at, message: `fact "${fact}" is not in catalog/schema/facts.ts; add it there (with its collector) or fix the path.` });
			}
		}
	}
	for (const level of levelIds) {
		if (!rubric.checks.some((check) => check.level === level)) {
			problems.push({ file: 'levels.yaml', path: ['levels', levelIds.indexOf(level), 'id'], message: `level "${level}" has no check; add one or remove the level.` });
		}
	}
	return problems;
}

let cachedPaths: Set<string> | undefined;

/** Every fact path a check may name: `service.<field>` plus each field path in the fact schema. */
export function knownFactPaths(pluginFacts: ReadonlyMap<string, z.ZodType> = new Map()): Set<string> {
	if (cachedPaths === undefined) {
		cachedPaths = new Set(SERVICE_FIELDS.map((field) => `${SERVICE_NAMESPACE}.${field}`));
		collectPaths(Facts, '', cachedPaths);
	}
	if (pluginFacts.size === 0) return cachedPaths;
	const paths = new Set(cachedPaths);
	for (const [namespace, schema] of pluginFacts) collectPaths(schema, namespace, paths);
	return paths;
}

function collectPaths(schema: z.ZodType, prefix: string, into: Set<string>): void {
	const inner = unwrap(schema);
	if (!(inner instanceof z.ZodObject)) return;
	for (const [key, child] of Object.entries(inner.shape as Record<string, z.ZodType>)) {
		const path = prefix === '' ? key : `${prefix}.${key}`;
		if (prefix !== '') into.add(path);
		collectPaths(child, path, into);
	}
}

function unwrap(schema: z.ZodType): z.ZodType {
	let current = schema;
	while (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) {
		current = current.unwrap() as z.ZodType;
	}
	return current;
}
