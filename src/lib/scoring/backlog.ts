// A team's readiness backlog: its failing findings as work items, the fixes that raise services a
// level (and the most basic levels) first per point of effort, cut at the team's capacity. Pure:
// scores and the rubric in, items out. Each item has a stable key, so a re-run or an import into an
// issue tracker does not duplicate it.
import type { Evidence } from '../../../catalog/schema/common.ts';
import { effortPoints, type Rubric } from '../../../rubrics/schema.ts';
import type { ServiceScore } from './score.ts';

export interface BacklogItem {
	/** `<service>/<check>`: stable across runs. */
	key: string;
	service: string;
	check: string;
	checkName: string;
	level: string;
	points: number;
	/** Fixing it alone raises the service to its next level. */
	raisesLevel: boolean;
	message: string;
	remediation: string;
	evidence: Evidence[];
}

export interface Backlog {
	items: BacklogItem[];
	/** Points of the items kept; equal to all of them without a capacity. */
	points: number;
	/** Items left out by the capacity. */
	deferred: number;
}

/**
 * Items ordered by value per point: a fix that raises its service a level counts double, and a
 * check of a lower level (Bronze before Gold) weighs more; ties by level, then service, then check.
 */
export function buildBacklog(services: readonly ServiceScore[], rubric: Rubric, capacity: number | null = null): Backlog {
	const levelIds = rubric.levels.map((level) => level.id);
	const checks = new Map(rubric.checks.map((check) => [check.id, check]));
	const items: (BacklogItem & { value: number })[] = [];
	for (const service of services) {
		for (const finding of service.checks) {
			if (finding.outcome !== 'fail' || finding.upcoming) continue;
			const check = checks.get(finding.checkId);
			if (check === undefined) continue;
			const points = effortPoints(check.effort);
			const raisesLevel = service.blocking.length === 1 && service.blocking[0] === finding.checkId;
			const weight = levelIds.length - levelIds.indexOf(finding.level);
			items.push({
				key: `${service.id}/${finding.checkId}`,
				service: service.id,
				check: finding.checkId,
				checkName: check.name,
				level: finding.level,
				points,
				raisesLevel,
				message: finding.message,
				remediation: check.remediation,
				evidence: finding.evidence.slice(0, 5),
				value: ((raisesLevel ? 2 : 1) * weight) / points,
			});
		}
	}
	items.sort((a, b) => b.value - a.value || levelIds.indexOf(a.level) - levelIds.indexOf(b.level) || compare(a.service, b.service) || compare(a.check, b.check));
	const kept: BacklogItem[] = [];
	let points = 0;
	for (const { value: _value, ...item } of items) {
		if (capacity !== null && points + item.points > capacity) continue;
		kept.push(item);
		points += item.points;
	}
	return { items: kept, points, deferred: items.length - kept.length };
}

function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
