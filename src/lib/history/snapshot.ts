// Pure: the snapshot of one scoring.
import type { Service } from '../../../catalog/schema/service.ts';
import type { Snapshot } from '../../../catalog/schema/snapshot.ts';
import type { ScoreResult } from '../scoring/score.ts';

export function buildSnapshot(scores: ScoreResult, services: readonly Service[], teamOf: (owner: string | null) => string | null): Snapshot {
	const records = new Map(services.map((service) => [service.id, service]));
	const snapshot: Snapshot = {
		$schema: './schema/json/snapshot.schema.json',
		date: scores.now.slice(0, 10),
		rubricVersion: scores.rubricVersion,
		services: {},
		teams: {},
		organisation: { score: scores.organisation.score, levelCounts: scores.organisation.levelCounts },
	};
	for (const service of scores.services) {
		const owner = records.get(service.id)?.owner ?? null;
		snapshot.services[service.id] = {
			level: service.level,
			score: service.score,
			owner,
			team: teamOf(owner),
			categories: service.categories,
			checks: Object.fromEntries(service.checks.map((check) => [check.checkId, check.upcoming ? `${check.outcome} (upcoming)` : check.outcome])),
		};
	}
	for (const team of scores.teams) snapshot.teams[team.id] = { score: team.score, levelCounts: team.levelCounts };
	// Only when there are some, so that a catalog without systems keeps its snapshot as it was.
	if (scores.systems.length > 0) snapshot.systems = Object.fromEntries(scores.systems.map((system) => [system.id, { score: system.score, levelCounts: system.levelCounts }]));
	if (scores.domains.length > 0) snapshot.domains = Object.fromEntries(scores.domains.map((domain) => [domain.id, { score: domain.score, levelCounts: domain.levelCounts }]));
	return snapshot;
}
