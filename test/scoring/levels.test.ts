import { describe, expect, it } from 'vitest';
import { computeLevel, computeScore } from '../../src/lib/scoring/levels.ts';
import { groupScore, lowestLevel } from '../../src/lib/scoring/score.ts';
import type { Finding, Outcome } from '../../src/lib/scoring/model.ts';

const LEVELS = ['bronze', 'silver', 'gold'];

function finding(level: string, outcome: Outcome, checkId = `${level}-${outcome}`): Finding {
	return { checkId, evaluator: null, messageId: 'met', level, category: 'reliability', outcome, message: '', evidence: [] };
}

describe('computeLevel', () => {
	it.each<[string, Finding[], string | null, string | null, string[]]>([
		['no findings: top level', [], 'gold', null, []],
		['all pass', [finding('bronze', 'pass'), finding('silver', 'pass'), finding('gold', 'pass')], 'gold', null, []],
		['bronze fails: none', [finding('bronze', 'fail'), finding('silver', 'pass')], null, 'bronze', ['bronze-fail']],
		['silver fails: bronze', [finding('bronze', 'pass'), finding('silver', 'fail'), finding('gold', 'pass')], 'bronze', 'silver', ['silver-fail']],
		['unknown blocks', [finding('bronze', 'pass'), finding('silver', 'unknown')], 'bronze', 'silver', ['silver-unknown']],
		['error blocks', [finding('bronze', 'error')], null, 'bronze', ['bronze-error']],
		['not-applicable does not block', [finding('bronze', 'not-applicable'), finding('silver', 'not-applicable'), finding('gold', 'pass')], 'gold', null, []],
		['a gold pass does not lift over a silver fail', [finding('silver', 'fail'), finding('gold', 'pass')], 'bronze', 'silver', ['silver-fail']],
		['gold fail only: silver', [finding('bronze', 'pass'), finding('gold', 'fail')], 'silver', 'gold', ['gold-fail']],
		['lists every blocker of the next level', [finding('silver', 'fail', 'a'), finding('silver', 'unknown', 'b'), finding('silver', 'pass', 'c')], 'bronze', 'silver', ['a', 'b']],
	])('%s', (_name, findings, achieved, next, blocking) => {
		const result = computeLevel(findings, LEVELS);

		expect(result.achieved).toBe(achieved);
		expect(result.next).toBe(next);
		expect(result.blocking.map((entry) => entry.checkId)).toEqual(blocking);
	});

	it('follows the rubric order of custom levels', () => {
		const result = computeLevel([finding('stone', 'pass'), finding('iron', 'fail')], ['stone', 'iron']);

		expect(result).toMatchObject({ achieved: 'stone', next: 'iron' });
	});
});

describe('computeScore', () => {
	it.each<[string, Outcome[], number]>([
		['nothing applies', ['not-applicable'], 100],
		['half pass', ['pass', 'fail'], 50],
		['unknown counts against', ['pass', 'unknown', 'error'], 33],
		['not-applicable is excluded', ['pass', 'not-applicable', 'fail', 'pass'], 67],
	])('%s', (_name, outcomes, score) => {
		expect(computeScore(outcomes.map((outcome) => finding('bronze', outcome)))).toBe(score);
	});
});

describe('a system’s level is the level all its services reach', () => {
	const levels = ['bronze', 'silver', 'gold'];
	it.each<[(string | null)[], string | null]>([
		[['gold', 'silver', 'gold'], 'silver'],
		[['gold', 'gold'], 'gold'],
		[['bronze', null, 'gold'], null],
		[[], null],
	])('lowestLevel(%j) = %j', (members, expected) => {
		expect(lowestLevel(members, levels)).toBe(expected);
	});

	it('rolls up only the services the catalog holds', () => {
		const score = (id: string, level: string | null, value: number) => ({ id, level, nextLevel: null, blocking: [], score: value, categories: {} as never, checks: [] });
		const byId = new Map([score('a', 'gold', 90), score('b', 'silver', 70)].map((entry) => [entry.id, entry]));
		expect(groupScore({ id: 'shop', services: ['b', 'a', 'gone'] }, byId, levels)).toEqual({ id: 'shop', services: ['a', 'b'], level: 'silver', serviceCount: 2, levelCounts: { none: 0, bronze: 0, silver: 1, gold: 1 }, score: 80 });
	});
});
