// A team's readiness backlog: order, capacity, stable keys.
import { describe, expect, it } from 'vitest';
import type { Rubric } from '../../rubrics/schema.ts';
import { buildBacklog } from '../../src/lib/scoring/backlog.ts';
import type { ServiceScore } from '../../src/lib/scoring/score.ts';
import type { Finding } from '../../src/lib/scoring/model.ts';

const check = (id: string, level: string, effort?: 'S' | 'M' | 'L' | number) => ({ id, name: `Name of ${id}`, level, category: 'reliability', description: 'x', remediation: `Fix ${id}.`, ...(effort === undefined ? {} : { effort }), logic: { kind: 'expectation', fact: 'a.b', expect: { op: 'equals', value: true } } });
const rubric = { version: 'v', levels: [{ id: 'bronze' }, { id: 'silver' }, { id: 'gold' }], checks: [check('cheap-gold', 'gold', 'S'), check('big-bronze', 'bronze', 'L'), check('only-blocker', 'silver', 'M'), check('bronze-m', 'bronze'), check('soon', 'bronze', 'S')] } as unknown as Rubric;
const finding = (id: string, level: string, outcome: Finding['outcome'] = 'fail', upcoming = false): Finding => ({ checkId: id, evaluator: null, messageId: 'missed', level, category: 'reliability', outcome, message: `${id} fails`, evidence: [{ file: `${id}.yaml` }], ...(upcoming ? { upcoming } : {}) });
const service = (id: string, blocking: string[], checks: Finding[]): ServiceScore => ({ id, level: null, nextLevel: 'bronze', blocking, score: 0, categories: {} as never, checks });

describe('buildBacklog', () => {
	const services = [
		service('api', ['bronze-m', 'big-bronze'], [finding('big-bronze', 'bronze'), finding('bronze-m', 'bronze'), finding('cheap-gold', 'gold'), finding('soon', 'bronze', 'fail', true), finding('only-blocker', 'silver', 'pass')]),
		service('web', ['only-blocker'], [finding('only-blocker', 'silver'), finding('cheap-gold', 'gold', 'unknown')]),
	];

	it('orders by value per point: a fix that raises a level counts double, lower levels weigh more; upcoming and non-failing findings are no work', () => {
		const { items, points, deferred } = buildBacklog(services, rubric);
		expect(items.map((item) => [item.key, item.points, item.raisesLevel])).toEqual([
			['web/only-blocker', 3, true],
			['api/bronze-m', 3, false],
			['api/cheap-gold', 1, false],
			['api/big-bronze', 8, false],
		]);
		expect([points, deferred]).toEqual([15, 0]);
		expect(items[0]).toMatchObject({ checkName: 'Name of only-blocker', remediation: 'Fix only-blocker.', evidence: [{ file: 'only-blocker.yaml' }] });
	});

	it('keeps, in order, the items that still fit in the capacity, and counts the rest as deferred', () => {
		const { items, points, deferred } = buildBacklog(services, rubric, 5);
		expect(items.map((item) => item.key)).toEqual(['web/only-blocker', 'api/cheap-gold']);
		expect([points, deferred]).toEqual([4, 2]);
	});
});
