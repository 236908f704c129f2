import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CheckDefinition, type Rubric } from '../../rubrics/schema.ts';
import { evaluateService, prepareChecks } from '../../src/lib/scoring/evaluate.ts';
import { defineEvaluator, type Evaluator } from '../../src/lib/scoring/model.ts';
import { scoreCatalog } from '../../src/lib/scoring/score.ts';
import { buildRepoFiles, buildService } from '../support/facts.ts';

const NOW = new Date('2026-12-01T00:00:00Z');

function check(fields: Record<string, unknown>): CheckDefinition {
	return CheckDefinition.parse({ id: 'c', name: 'C', level: 'bronze', category: 'quality', description: 'D.', remediation: 'R.', ...fields });
}

const ownerCheck = (appliesTo?: unknown) => check({ fact: 'service.ownerSource', expect: { op: 'exists' }, ...(appliesTo ? { appliesTo } : {}) });

describe('evaluateService applicability', () => {
	const service = buildService({ tier: 2, lifecycle: 'production', language: 'Go', tags: ['pci'], owner: 'payments', ownerSource: 'descriptor', facts: { descriptor: { format: 'service.yaml', runbookUrl: null, storesPii: true, alertSources: [] } } });

	it.each<[string, unknown, string]>([
		['tier in scope', { tiers: [1, 2] }, 'pass'],
		['tier out of scope', { tiers: [1] }, 'not-applicable'],
		['lifecycle out of scope', { lifecycles: ['experimental'] }, 'not-applicable'],
		['language in scope', { languages: ['Go'] }, 'pass'],
		['language out of scope', { languages: ['Java'] }, 'not-applicable'],
		['tag in scope', { tags: ['pci', 'gdpr'] }, 'pass'],
		['owner out of scope', { owners: ['storefront'] }, 'not-applicable'],
		['fact condition holds', { facts: [{ fact: 'descriptor.storesPii', expect: { op: 'equals', value: true } }] }, 'pass'],
		['fact condition fails', { facts: [{ fact: 'descriptor.storesPii', expect: { op: 'equals', value: false } }] }, 'not-applicable'],
		['fact condition not collected: unknown', { facts: [{ fact: 'repo-files.hasTests', expect: { op: 'equals', value: true } }] }, 'unknown'],
		['all filters must hold', { tiers: [2], languages: ['Java'] }, 'not-applicable'],
	])('%s', (_name, appliesTo, outcome) => {
		const [finding] = evaluateService(service, prepareChecks([ownerCheck(appliesTo)], new Map()), NOW);

		expect(finding?.outcome).toBe(outcome);
	});

	it('treats an untiered service as out of a tier filter', () => {
		const [finding] = evaluateService(buildService({ ownerSource: 'descriptor' }), prepareChecks([ownerCheck({ tiers: [1] })], new Map()), NOW);

		expect(finding?.outcome).toBe('not-applicable');
		expect(finding?.message).toContain('untiered');
	});
});

describe('evaluateService with evaluators', () => {
	const throwing = defineEvaluator({
		meta: { name: 'throws', description: 'Always throws.', requires: ['repo-files.hasTests'], options: z.strictObject({}), messages: { ok: 'ok' } },
		evaluate() {
			throw new Error('boom');
		},
	});
	const evaluators = new Map<string, Evaluator>([['throws', throwing]]);
	const withTests = buildService({ facts: { 'repo-files': buildRepoFiles() } });

	it('turns a throwing evaluator into an error finding and carries on', () => {
		const checks = prepareChecks([check({ id: 'a', evaluator: 'throws' }), check({ id: 'b', fact: 'repo-files.hasReadme', expect: { op: 'equals', value: true } })], evaluators);

		const findings = evaluateService(withTests, checks, NOW);

		expect(findings.map((finding) => [finding.checkId, finding.outcome])).toEqual([['a', 'error'], ['b', 'pass']]);
		expect(findings[0]?.message).toContain('boom');
	});

	it('is unknown without calling the evaluator when a required fact was not collected', () => {
		const [finding] = evaluateService(buildService(), prepareChecks([check({ evaluator: 'throws' })], evaluators), NOW);

		expect(finding?.outcome).toBe('unknown');
		expect(finding?.message).toMatch(/^Data missing: repo-files gave no value for this service/);
		expect(finding?.evidence).toContainEqual({ detail: 'repo-files.hasTests was not collected' });
	});

	it('refuses an unknown evaluator at preparation (validateRubric reports it first)', () => {
		expect(() => prepareChecks([check({ evaluator: 'nope' })], evaluators)).toThrow(/Unknown evaluator "nope"/);
	});
});

describe('scoreCatalog', () => {
	const rubric: Rubric = {
		version: 'v1',
		levels: [
			{ id: 'bronze', title: 'Bronze', description: '' },
			{ id: 'silver', title: 'Silver', description: '' },
		],
		checks: [
			check({ id: 'owned', level: 'bronze', category: 'maintainability', fact: 'service.ownerSource', expect: { op: 'exists' } }),
			check({ id: 'tiered', level: 'silver', category: 'reliability', fact: 'service.tier', expect: { op: 'exists' } }),
		],
	};
	const services = [
		buildService({ id: 'b', owner: 'team-a', ownerSource: 'descriptor', tier: 1 }),
		buildService({ id: 'a', owner: 'team-a', ownerSource: 'codeowners' }),
		buildService({ id: 'c' }),
	];
	const teams = [{ id: 'team-a', name: 'A', description: null, members: [], aliases: [], services: ['a', 'b'] }];

	it('scores services in id order with levels, categories and blockers', () => {
		const result = scoreCatalog({ services, teams, rubric, evaluators: new Map(), now: NOW });

		expect(result.services.map((service) => [service.id, service.level, service.score, service.nextLevel, service.blocking])).toEqual([
			['a', 'bronze', 50, 'silver', ['tiered']],
			['b', 'silver', 100, null, []],
			['c', null, 0, 'bronze', ['owned']],
		]);
		expect(result.services[0]?.categories).toMatchObject({ maintainability: 'silver', reliability: 'bronze' });
	});

	it('rolls up per team and for the organisation', () => {
		const result = scoreCatalog({ services, teams, rubric, evaluators: new Map(), now: NOW });

		expect(result.teams).toEqual([{ id: 'team-a', services: ['a', 'b'], serviceCount: 2, levelCounts: { none: 0, bronze: 1, silver: 1 }, score: 75 }]);
		expect(result.organisation).toEqual({ serviceCount: 3, levelCounts: { none: 1, bronze: 1, silver: 1 }, score: 50 });
		expect(result.rubricVersion).toBe('v1');
	});
});
