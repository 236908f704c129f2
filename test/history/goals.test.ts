// Goals measured on current scores and projected from the history (least squares on the share).
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../catalog/schema/snapshot.ts';
import { goalProgress, type GoalDefinition, type ServiceState } from '../../src/lib/history/goals.ts';
import { mostImproved } from '../../src/lib/history/trends.ts';

const LEVELS = ['bronze', 'silver', 'gold'];
const goal: GoalDefinition = { id: 'g', title: 'Half of tier 1 at silver', level: 'silver', share: 0.75, due: '2027-03-31', scope: { tiers: [1] } };
const service = (id: string, level: string | null, tier: number | null = 1): ServiceState => ({ id, team: 't', tier, level, checks: {} });

function snapshot(date: string, levels: Record<string, string | null>, teamScore = 50): Snapshot {
	return {
		date,
		rubricVersion: 'v',
		services: Object.fromEntries(Object.entries(levels).map(([id, level]) => [id, { level, score: 0, owner: null, team: 't', categories: {}, checks: {} }])),
		teams: { t: { score: teamScore, levelCounts: {} } },
		organisation: { score: teamScore, levelCounts: {} },
	};
}

describe('goalProgress', () => {
	const current = [service('a', 'gold'), service('b', 'silver'), service('c', 'bronze'), service('d', null), service('e', null, 2)];

	it('counts only services in scope and names those holding it back', () => {
		const progress = goalProgress(goal, current, [], LEVELS, new Date('2026-12-01T00:00:00Z'));

		expect([progress.inScope, progress.atLevel, progress.share, progress.met]).toEqual([4, 2, 0.5, false]);
		expect(progress.holdingBack).toEqual(['c', 'd']);
	});

	it.each<[string, Snapshot[], string | null, boolean]>([
		['no history: no projection', [], null, false],
		['rising a quarter a month: reaches 75% a month later, on track', [snapshot('2026-11-01', { a: 'gold', b: null, c: null, d: null })], '2026-12-31', true],
		['falling: no projection, off track', [snapshot('2026-11-01', { a: 'gold', b: 'gold', c: 'gold', d: null })], null, false],
		['rising slowly: projected after the due date', [snapshot('2026-01-01', { a: 'gold', b: null, c: null, d: null })], '2027-10-31', false],
	])('%s', (_name, history, projected, onTrack) => {
		const progress = goalProgress(goal, current, history, LEVELS, new Date('2026-12-01T00:00:00Z'));

		expect(progress.projectedDate).toBe(projected);
		expect(progress.onTrack).toBe(onTrack);
	});

	it('is met, and dated today, once the share reaches the target', () => {
		const progress = goalProgress({ ...goal, share: 0.5 }, current, [], LEVELS, new Date('2026-12-01T00:00:00Z'));

		expect([progress.met, progress.projectedDate, progress.onTrack]).toEqual([true, '2026-12-01', true]);
	});
});

describe('mostImproved', () => {
	it('ranks teams by score gained since the previous snapshot, and is empty without one', () => {
		const before = { ...snapshot('2026-11-01', {}), teams: { a: { score: 50, levelCounts: {} }, b: { score: 70, levelCounts: {} } } };
		const after = { ...snapshot('2026-12-01', {}), teams: { a: { score: 62.5, levelCounts: {} }, b: { score: 65, levelCounts: {} }, c: { score: 90, levelCounts: {} } } };

		expect(mostImproved(before, after)).toEqual([{ team: 'a', change: 12.5 }, { team: 'b', change: -5 }]);
		expect(mostImproved(null, after)).toEqual([]);
	});
});
