import { describe, expect, it } from 'vitest';
import { Expectation } from '../../rubrics/schema.ts';
import { applyExpectation } from '../../src/lib/scoring/expectations.ts';
import { createFactView } from '../../src/lib/scoring/facts.ts';
import type { Outcome } from '../../src/lib/scoring/model.ts';
import { buildService } from '../support/facts.ts';

const NOW = new Date('2026-12-01T00:00:00Z');

/** Facts under a fake `descriptor` namespace so the view can read any value. */
function factsWith(value: unknown) {
	return createFactView(buildService({ facts: { descriptor: { format: 'service.yaml', runbookUrl: value as string, storesPii: null, alertSources: [] } } }));
}

const cases: [string, unknown, unknown, Outcome][] = [
	['exists: a string', { op: 'exists' }, 'https://runbook', 'pass'],
	['exists: null', { op: 'exists' }, null, 'fail'],
	['exists: empty string', { op: 'exists' }, '', 'fail'],
	['exists: empty list', { op: 'exists' }, [], 'fail'],
	['exists: non-empty list', { op: 'exists' }, [1], 'pass'],
	['exists: false is a value', { op: 'exists' }, false, 'pass'],
	['equals: same', { op: 'equals', value: true }, true, 'pass'],
	['equals: different', { op: 'equals', value: true }, false, 'fail'],
	['equals: no type coercion', { op: 'equals', value: 1 }, '1', 'fail'],
	['in: member', { op: 'in', values: ['a', 'b'] }, 'b', 'pass'],
	['in: not member', { op: 'in', values: ['a', 'b'] }, 'c', 'fail'],
	['atLeast: equal bound', { op: 'atLeast', value: 2 }, 2, 'pass'],
	['atLeast: below', { op: 'atLeast', value: 2 }, 1, 'fail'],
	['atLeast: list length', { op: 'atLeast', value: 2 }, ['a', 'b'], 'pass'],
	['atLeast: null', { op: 'atLeast', value: 2 }, null, 'fail'],
	['atLeast: string is a data error', { op: 'atLeast', value: 2 }, 'two', 'error'],
	['atMost: equal bound', { op: 'atMost', value: 5 }, 5, 'pass'],
	['atMost: above', { op: 'atMost', value: 5 }, 6, 'fail'],
	['matches: match', { op: 'matches', pattern: '^https://' }, 'https://x', 'pass'],
	['matches: no match', { op: 'matches', pattern: '^https://' }, 'http://x', 'fail'],
	['matches: number is a data error', { op: 'matches', pattern: 'x' }, 3, 'error'],
	['withinDays: inside window', { op: 'withinDays', days: 30 }, '2026-11-15T00:00:00Z', 'pass'],
	['withinDays: exactly on the edge', { op: 'withinDays', days: 30 }, '2026-11-01T00:00:00Z', 'pass'],
	['withinDays: outside window', { op: 'withinDays', days: 30 }, '2026-10-01T00:00:00Z', 'fail'],
	['withinDays: never', { op: 'withinDays', days: 30 }, null, 'fail'],
	['withinDays: not a date', { op: 'withinDays', days: 30 }, 'yesterday', 'error'],
	['semverSatisfies: satisfied', { op: 'semverSatisfies', range: '>=18.0.0' }, '20.11.1', 'pass'],
	['semverSatisfies: coerced', { op: 'semverSatisfies', range: '>=3.2.0' }, 'v3.2', 'pass'],
	['semverSatisfies: too old', { op: 'semverSatisfies', range: '>=18.0.0' }, '16.20.0', 'fail'],
	['semverSatisfies: not a version', { op: 'semverSatisfies', range: '>=1.0.0' }, 'latest', 'error'],
];

describe('applyExpectation', () => {
	it.each(cases)('%s', (_name, expectation, value, outcome) => {
		const facts = factsWith(value);

		const verdict = applyExpectation(facts, 'descriptor.runbookUrl', Expectation.parse(expectation), NOW);

		expect(verdict.outcome).toBe(outcome);
	});

	it.each([
		['namespace not collected', buildService({ facts: {} })],
		['field absent', buildService({ facts: { descriptor: { format: null, storesPii: null } as never } })],
	])('is unknown, never fail, when the fact is missing: %s', (_name, service) => {
		const verdict = applyExpectation(createFactView(service, new Map(), new Map([['descriptor', 'service descriptors']])), 'descriptor.runbookUrl', { op: 'exists' }, NOW);

		expect(verdict.outcome).toBe('unknown');
		// The message names the source in words; the fact path is in the evidence, for whoever digs.
		expect(verdict.message).toMatch(/^Data missing: service descriptors gave no value for this service/);
		expect(verdict.evidence).toContainEqual({ detail: 'descriptor.runbookUrl was not collected' });
	});

	it('reads record fields under the service namespace', () => {
		const facts = createFactView(buildService({ ownerSource: 'codeowners', tier: 1 }));

		expect(applyExpectation(facts, 'service.ownerSource', { op: 'exists' }, NOW).outcome).toBe('pass');
		expect(applyExpectation(facts, 'service.tier', { op: 'atMost', value: 1 }, NOW).outcome).toBe('pass');
		expect(facts.get('service.facts')).toBeUndefined();
	});

	it('carries the evidence recorded for the fact', () => {
		const service = buildService({
			facts: { descriptor: { format: 'service.yaml', runbookUrl: null, storesPii: null, alertSources: [] } },
			evidence: { 'descriptor.runbookUrl': [{ file: 'svc/service.yaml', line: 1 }] },
		});

		const verdict = applyExpectation(createFactView(service), 'descriptor.runbookUrl', { op: 'exists' }, NOW);

		expect(verdict).toMatchObject({ outcome: 'fail', evidence: [{ file: 'svc/service.yaml', line: 1 }] });
	});
});
