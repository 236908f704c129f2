// Runs every check of a rubric on one service. An evaluator that throws gives an `error` finding and
// the run goes on (Scorecard's "inconclusive").
import type { Service } from '../../../catalog/schema/service.ts';
import type { CheckDefinition } from '../../../rubrics/schema.ts';
import { checkApplicability } from './applicability.ts';
import { applyExpectation } from './expectations.ts';
import { createFactView, type FactView } from './facts.ts';
import { notMeasuredMessage, type UnmeasuredSource } from './unmeasured.ts';
import { renderMessage } from './messages.ts';
import type { Evaluator, Finding, Verdict } from './model.ts';

/** A check ready to run: evaluator resolved and its options parsed once, not once per service. */
export interface PreparedCheck {
	definition: CheckDefinition;
	evaluator?: Evaluator;
	options?: unknown;
}

/** Resolves evaluators and parses options. Throws on what `validateRubric` reports; call it first. */
export function prepareChecks(
	checks: readonly CheckDefinition[],
	evaluators: ReadonlyMap<string, Evaluator>,
): PreparedCheck[] {
	return checks.map((definition) => {
		const { logic } = definition;
		if (logic.kind === 'expectation') return { definition };
		const evaluator = evaluators.get(logic.evaluator);
		if (evaluator === undefined) {
			throw new Error(`Unknown evaluator "${logic.evaluator}" in check "${definition.id}"; validateRubric should have caught it.`);
		}
		return { definition, evaluator, options: evaluator.meta.options.parse(logic.options) };
	});
}

/** `notMeasured`: the sources that measured nothing, by namespace (see unmeasured.ts). */
export function evaluateService(service: Service, checks: readonly PreparedCheck[], now: Date, notMeasured: ReadonlyMap<string, UnmeasuredSource> = new Map(), sourceNames: ReadonlyMap<string, string> = new Map()): Finding[] {
	const facts = createFactView(service, notMeasured, sourceNames);
	const findings: Finding[] = [];
	for (const check of checks) {
		const { definition } = check;
		const verdict = checkApplicability(definition.appliesTo, service, facts, now) ?? runCheck(check, facts, now);
		const upcoming = definition.enforcedFrom !== undefined && now.getTime() < Date.parse(`${definition.enforcedFrom}T00:00:00Z`);
		findings.push({ checkId: definition.id, evaluator: check.evaluator?.meta.name ?? null, level: definition.level, category: definition.category, ...verdict, ...(upcoming ? { upcoming } : {}) });
	}
	return findings;
}

function runCheck({ definition, evaluator, options }: PreparedCheck, facts: FactView, now: Date): Verdict {
	const { logic } = definition;
	if (logic.kind === 'expectation') {
		return applyExpectation(facts, logic.fact, logic.expect, now, logic.messages);
	}
	if (evaluator === undefined) {
		throw new Error(`Check "${definition.id}" was not prepared with its evaluator.`);
	}
	const alternatives = evaluator.meta.requiresAny ?? [];
	const missing = [
		...evaluator.meta.requires.filter((path) => facts.get(path) === undefined),
		...(alternatives.length > 0 && alternatives.every((path) => facts.get(path) === undefined) ? [alternatives.join(' or ')] : []),
	];
	if (missing.length > 0) {
		const evidence = missing.flatMap((path) => facts.evidence(path));
		// `a or b`: not measured only when every alternative's source measured nothing.
		const unmeasured = missing.map((entry) => entry.split(' or ').map((path) => facts.notMeasured(path)));
		if (unmeasured.every((alternatives) => alternatives.every((source) => source !== null))) {
			return { outcome: 'unknown', messageId: 'not-measured', message: notMeasuredMessage(unmeasured.flat() as UnmeasuredSource[]), evidence };
		}
		const reasons = [...new Set(missing.map((path) => facts.reason(path)).filter((reason): reason is string => reason !== null))];
		const sources = [...new Set(missing.flatMap((entry) => entry.split(' or ')).map((path) => facts.sourceName(path)))];
		return { outcome: 'unknown', messageId: 'data-missing', message: `Data missing: ${sources.join(' and ')} gave no value for this service${reasons.length === 0 ? '' : ` (${reasons.join('; ')})`}.`, evidence: [...evidence, ...missing.map((path) => ({ detail: `${path} was not collected` }))] };
	}
	try {
		const result = evaluator.evaluate({ facts, options, now });
		const template = evaluator.meta.messages[result.messageId];
		if (template === undefined) {
			throw new Error(`Evaluator "${evaluator.meta.name}" returned unknown messageId "${result.messageId}".`);
		}
		return { outcome: result.outcome, messageId: result.messageId, message: renderMessage(template, result.data), evidence: result.evidence ?? [] };
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		return { outcome: 'error', messageId: 'evaluator-failed', message: `Evaluator "${evaluator.meta.name}" failed: ${reason}`, evidence: [] };
	}
}
