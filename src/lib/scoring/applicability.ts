// `appliesTo:` filters. A service outside them gets `not-applicable`; a filter on a fact that was not
// collected cannot be decided, so the finding is `unknown` rather than silently skipped.
import type { Service } from '../../../catalog/schema/service.ts';
import type { AppliesTo } from '../../../rubrics/schema.ts';
import { applyExpectation } from './expectations.ts';
import type { FactView } from './facts.ts';
import type { Verdict } from './model.ts';

/** `null` when the check applies; otherwise the verdict to record instead of running it. */
export function checkApplicability(
	appliesTo: AppliesTo | undefined,
	service: Service,
	facts: FactView,
	now: Date,
): Verdict | null {
	if (appliesTo === undefined) return null;
	const outOfScope = (why: string): Verdict => ({ outcome: 'not-applicable', messageId: 'not-applicable', message: `Out of scope: ${why}.`, evidence: [] });

	if (appliesTo.tiers !== undefined && (service.tier === null || !appliesTo.tiers.includes(service.tier))) {
		return outOfScope(`applies to tier ${appliesTo.tiers.join('/')} only, service is ${service.tier === null ? 'untiered' : `tier ${service.tier}`}`);
	}
	if (appliesTo.lifecycles !== undefined && (service.lifecycle === null || !appliesTo.lifecycles.includes(service.lifecycle))) {
		return outOfScope(`applies to lifecycle ${appliesTo.lifecycles.join('/')} only`);
	}
	if (appliesTo.languages !== undefined && (service.language === null || !appliesTo.languages.includes(service.language))) {
		return outOfScope(`applies to ${appliesTo.languages.join('/')} services only`);
	}
	if (appliesTo.tags !== undefined && !appliesTo.tags.some((tag) => service.tags.includes(tag))) {
		return outOfScope(`applies to services tagged ${appliesTo.tags.join('/')} only`);
	}
	if (appliesTo.owners !== undefined && (service.owner === null || !appliesTo.owners.includes(service.owner))) {
		return outOfScope(`applies to services owned by ${appliesTo.owners.join('/')} only`);
	}
	for (const condition of appliesTo.facts ?? []) {
		const verdict = applyExpectation(facts, condition.fact, condition.expect, now);
		if (verdict.outcome === 'fail') return outOfScope(verdict.message.replace(/\.$/, ''));
		if (verdict.outcome !== 'pass') return verdict;
	}
	return null;
}
