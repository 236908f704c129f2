// Every rule that depends on the date takes the build's `now`: waiver expiry, staged rollout
// (`enforcedFrom`), campaign states. Table-driven against `now`.
import { describe, expect, it } from 'vitest';
import { CheckDefinition, type Rubric } from '../../rubrics/schema.ts';
import type { Waiver } from '../../catalog/schema/waiver.ts';
import { campaignProgress, type CampaignDefinition, type ServiceState } from '../../src/lib/history/goals.ts';
import { scoreCatalog } from '../../src/lib/scoring/score.ts';
import { isWaiverActive, validateWaivers } from '../../src/lib/scoring/waivers.ts';
import { buildService } from '../support/facts.ts';

function check(fields: Record<string, unknown>): CheckDefinition {
	return CheckDefinition.parse({ name: 'C', category: 'quality', description: 'D.', remediation: 'R.', ...fields });
}

const rubric: Rubric = {
	version: 'v1',
	levels: [
		{ id: 'bronze', title: 'Bronze', description: '' },
		{ id: 'silver', title: 'Silver', description: '' },
	],
	checks: [
		check({ id: 'owned', level: 'bronze', fact: 'service.ownerSource', expect: { op: 'exists' } }),
		check({ id: 'tiered', level: 'silver', fact: 'service.tier', expect: { op: 'exists' } }),
		check({ id: 'described', level: 'silver', fact: 'service.description', expect: { op: 'exists' }, enforcedFrom: '2027-03-01' }),
	],
};
// Owned, untiered, undescribed: bronze passes, silver fails on `tiered`, `described` is staged.
const services = [buildService({ id: 'svc', owner: 'team-a', ownerSource: 'descriptor', description: null })];
const waiver: Waiver = { service: 'svc', check: 'tiered', reason: 'Tiering in Q1.', ticket: 'https://tracker.example/T-1', approver: 'Ana', expires: '2027-01-31' };

describe('waivers against now', () => {
	it.each<[string, string, boolean]>([
		['long before expiry', '2026-12-01T00:00:00Z', true],
		['on the last day, late', '2027-01-31T23:59:59Z', true],
		['the day after', '2027-02-01T00:00:00Z', false],
		['a year later', '2028-01-31T00:00:00Z', false],
	])('%s', (_name, now, active) => {
		expect(isWaiverActive(waiver, new Date(now))).toBe(active);

		const result = scoreCatalog({ services, teams: [], rubric, evaluators: new Map(), now: new Date(now), waivers: [waiver] });
		const service = result.services[0]!;
		const tiered = service.checks.find((finding) => finding.checkId === 'tiered')!;
		expect(tiered.outcome).toBe(active ? 'waived' : 'fail');
		expect(service.level).toBe(active ? 'silver' : 'bronze');
		expect(result.waivers.map((status) => status.state)).toEqual([active ? 'active' : 'expired']);
	});

	it('reports a waiver whose check passes anyway as unused, and never waives a pass', () => {
		const passing: Waiver = { ...waiver, check: 'owned' };
		const result = scoreCatalog({ services, teams: [], rubric, evaluators: new Map(), now: new Date('2026-12-01'), waivers: [passing] });

		expect(result.services[0]!.checks.find((finding) => finding.checkId === 'owned')!.outcome).toBe('pass');
		expect(result.waivers[0]!.state).toBe('unused');
	});

	it('names unknown services and checks as configuration errors', () => {
		const problems = validateWaivers([waiver, { ...waiver, service: 'ghost' }, { ...waiver, check: 'no-such-check' }], new Set(['svc']), new Set(['owned', 'tiered']));

		expect(problems).toEqual([
			'waivers[1].service: no service "ghost" in the catalog; fix the id or remove the waiver.',
			'waivers[2].check: no check "no-such-check" in the rubric; fix the id or remove the waiver.',
		]);
	});
});

describe('staged rollout against now', () => {
	const tiered = [buildService({ id: 'svc', owner: 'team-a', ownerSource: 'descriptor', tier: 1, description: null })];

	it.each<[string, string, boolean, string | null, number]>([
		['announced: upcoming, does not block', '2027-02-28T12:00:00Z', true, 'silver', 100],
		['enforced on the day', '2027-03-01T00:00:00Z', false, 'bronze', 67],
		['enforced after', '2027-06-01T00:00:00Z', false, 'bronze', 67],
	])('%s', (_name, now, upcoming, level, score) => {
		const result = scoreCatalog({ services: tiered, teams: [], rubric, evaluators: new Map(), now: new Date(now) });
		const service = result.services[0]!;
		const described = service.checks.find((finding) => finding.checkId === 'described')!;

		expect(described.outcome).toBe('fail');
		expect(described.upcoming ?? false).toBe(upcoming);
		expect(service.level).toBe(level);
		expect(service.score).toBe(score);
	});
});

describe('campaign states against now', () => {
	const campaign: CampaignDefinition = { id: 'c', title: 'C', checks: ['tiered'], scope: {}, start: '2027-01-01', due: '2027-02-28', draft: false };
	const state = (id: string, outcome: string): ServiceState => ({ id, team: null, tier: null, level: null, checks: { tiered: outcome } });
	const halfDone = [state('a', 'pass'), state('b', 'fail')];
	const allDone = [state('a', 'pass'), state('b', 'not-applicable')];

	it.each<[string, Partial<CampaignDefinition>, ServiceState[], string, string]>([
		['draft stays draft whatever the date', { draft: true }, halfDone, '2027-01-15', 'draft'],
		['before the start: scheduled', {}, halfDone, '2026-12-31', 'scheduled'],
		['on the start day: in progress', {}, halfDone, '2027-01-01', 'in progress'],
		['on the due day, unfinished: in progress', {}, halfDone, '2027-02-28', 'in progress'],
		['after the due day, unfinished: delayed', {}, halfDone, '2027-03-01', 'delayed'],
		['every service passing: ended', {}, allDone, '2027-02-01', 'ended'],
		['every service passing before the start: still scheduled', {}, allDone, '2026-12-01', 'scheduled'],
	])('%s', (_name, overrides, current, today, expected) => {
		const progress = campaignProgress({ ...campaign, ...overrides }, current, [], new Date(`${today}T00:00:00Z`));

		expect(progress.state).toBe(expected);
	});

	it('counts passing services and lists the rest', () => {
		const progress = campaignProgress(campaign, halfDone, [], new Date('2027-01-10T00:00:00Z'));

		expect([progress.inScope, progress.passing, progress.remaining]).toEqual([2, 1, ['b']]);
		expect(progress.burnUp).toEqual([{ date: '2027-01-10', passing: 1, total: 2 }]);
	});
});
