// What a team page names as fixes and blockers, from buildReport on a small scored catalog: the
// blockers come from every blocking check, not only from the first fixes, so a check that blocks
// most services without raising one alone still leads the blockers and the lagging teams.
import { describe, expect, it } from 'vitest';
import { CheckDefinition, type Rubric } from '../../rubrics/schema.ts';
import { buildReport } from '../../src/lib/report/build.ts';
import { scoreCatalog } from '../../src/lib/scoring/score.ts';
import type { Catalog } from '../../src/lib/report/load-catalog.ts';
import { buildService } from '../support/facts.ts';

const NOW = new Date('2026-12-01T00:00:00Z');
const check = (id: string) => CheckDefinition.parse({ id, name: `Check ${id}`, level: 'bronze', category: 'quality', description: 'D.', remediation: 'R.', fact: `descriptor.${id}`, expect: { op: 'equals', value: true } });

describe('team fixes and blockers', () => {
	it('names the check that blocks most services first among the blockers, though six others each raise one', () => {
		// Six services each blocked by one check of their own (each fix raises one), and all of
		// them, plus two more, blocked by `shared` together with another check.
		const own = ['a', 'b', 'c', 'd', 'e', 'f'];
		const rubric: Rubric = { version: 'test', levels: [{ id: 'bronze', title: 'Bronze', description: 'B.' }], checks: [...own, 'shared', 'other'].sort().map(check) };
		const facts = (failing: string[]) => ({ descriptor: Object.fromEntries(rubric.checks.map((definition) => [definition.id, !failing.includes(definition.id)])) });
		const services = [
			...own.map((id) => buildService({ id: `svc-${id}`, name: `svc-${id}`, owner: 'team', facts: facts([id]) as never })),
			buildService({ id: 'svc-x', name: 'svc-x', owner: 'team', facts: facts(['shared', 'other']) as never }),
			buildService({ id: 'svc-y', name: 'svc-y', owner: 'team', facts: facts(['shared', 'other']) as never }),
		];
		const catalog: Catalog = { services, teams: [{ id: 'team', name: 'Team', description: null, members: [], aliases: [], services: services.map((service) => service.id) }], systems: [], domains: [], meta: null, discovery: { unregistered: [], unowned: [], ownershipConflicts: [], nearDuplicates: [], unlinkedDeployments: [], ownerSuggestions: { status: 'skipped', detail: 'test' }, orphanedResources: [], withoutRuntime: [], candidates: [], idClashes: [], errors: [] } };
		const scores = scoreCatalog({ services, teams: catalog.teams, rubric, evaluators: new Map(), now: NOW });

		const { report } = buildReport({ catalog, rubric, scores, evaluators: new Map(), title: 'T', generatedAt: NOW });
		const team = report.teams[0]!;

		expect(team.topFixes.map((fix) => fix.checkId)).toEqual(['a', 'b', 'c', 'd', 'e']);
		expect(team.blockers.map((fix) => [fix.checkId, fix.blocks])).toEqual([['other', 2], ['shared', 2], ['a', 1], ['b', 1], ['c', 1]]);
		expect(report.lagging[0]!.blocker).toMatchObject({ checkId: 'other', blocks: 2, raises: 0 });
	});
});
