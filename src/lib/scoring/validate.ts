// Cross-reference validation of a parsed rubric (Tech Insights style): every fact path exists in the
// fact schema, every evaluator exists and accepts its options, every level is known and used.
import { z } from 'zod';
import { Facts } from '../../../catalog/schema/facts.ts';
import type { Rubric } from '../../../rubrics/schema.ts';
import { SERVICE_FIELDS, SERVICE_NAMESPACE } from './facts.ts';
import type { Evaluator } from './model.ts';

/** Returns one message per problem, each naming the check and what to do; empty when valid. */
export function validateRubric(rubric: Rubric, evaluators: ReadonlyMap<string, Evaluator>): string[] {
	const problems: string[] = [];
	const levelIds = rubric.levels.map((level) => level.id);
	const factPaths = knownFactPaths();
	const seen = new Set<string>();

	for (const level of levelIds.filter((id, index) => levelIds.indexOf(id) !== index)) {
		problems.push(`levels.yaml: level "${level}" is listed twice; keep one entry.`);
	}
	for (const check of rubric.checks) {
		const where = `checks/${check.id}.yaml`;
		if (seen.has(check.id)) problems.push(`${where}: check id "${check.id}" is used twice; ids must be unique.`);
		seen.add(check.id);
		if (!levelIds.includes(check.level)) {
			problems.push(`${where}: level "${check.level}" is not in levels.yaml; use one of ${levelIds.join(', ')}.`);
		}
		const paths = (check.appliesTo?.facts ?? []).map((condition) => condition.fact);
		if (check.logic.kind === 'expectation') {
			paths.push(check.logic.fact);
		} else {
			const evaluator = evaluators.get(check.logic.evaluator);
			if (evaluator === undefined) {
				problems.push(`${where}: evaluator "${check.logic.evaluator}" does not exist; use one of ${[...evaluators.keys()].join(', ')}.`);
			} else {
				const parsed = evaluator.meta.options.safeParse(check.logic.options);
				if (!parsed.success) {
					problems.push(`${where}: options do not fit evaluator "${evaluator.meta.name}":\n${z.prettifyError(parsed.error)}`);
				}
			}
		}
		for (const path of paths) {
			if (!factPaths.has(path)) {
				problems.push(`${where}: fact "${path}" is not in catalog/schema/facts.ts; add it there (with its collector) or fix the path.`);
			}
		}
	}
	for (const level of levelIds) {
		if (!rubric.checks.some((check) => check.level === level)) {
			problems.push(`levels.yaml: level "${level}" has no check; add one or remove the level.`);
		}
	}
	return problems;
}

let cachedPaths: Set<string> | undefined;

/** Every fact path a check may name: `service.<field>` plus each field path in the fact schema. */
export function knownFactPaths(): Set<string> {
	if (cachedPaths !== undefined) return cachedPaths;
	const paths = new Set(SERVICE_FIELDS.map((field) => `${SERVICE_NAMESPACE}.${field}`));
	collectPaths(Facts, '', paths);
	cachedPaths = paths;
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
