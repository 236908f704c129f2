// Pure: the continuous-readiness part of the report, from the current scores, the current snapshot
// and earlier snapshots (oldest first): trends, most improved teams, goals, campaigns, waivers.
import type { Service } from '../../../catalog/schema/service.ts';
import type { Snapshot } from '../../../catalog/schema/snapshot.ts';
import type { ReportReadiness } from '../report/schema.ts';
import type { ScoreResult } from '../scoring/score.ts';
import { campaignProgress, goalProgress, type CampaignDefinition, type GoalDefinition, type ServiceState } from './goals.ts';
import { buildTrends, mostImproved } from './trends.ts';
import { diffSnapshots } from './diff.ts';

export interface ReadinessInput {
	scores: ScoreResult;
	services: readonly Service[];
	current: Snapshot;
	/** Earlier snapshots, oldest first; one on the current day is replaced by `current`. */
	history: readonly Snapshot[];
	levels: readonly string[];
	goals: readonly GoalDefinition[];
	campaigns: readonly CampaignDefinition[];
	now: Date;
	historyProblems?: readonly string[];
	reports?: ReportReadiness['reports'];
}

export function buildReadiness({ scores, services, current, history, levels, goals, campaigns, now, historyProblems = [], reports = [] }: ReadinessInput): ReportReadiness {
	const earlier = history.filter((snapshot) => snapshot.date < current.date);
	const tiers = new Map(services.map((service) => [service.id, service.tier]));
	const states: ServiceState[] = Object.entries(current.services).map(([id, service]) => ({ id, team: service.team, tier: tiers.get(id) ?? null, level: service.level, checks: service.checks }));
	return {
		trends: buildTrends([...earlier, current]),
		sincePrevious: sinceSnapshot(earlier.at(-1) ?? null, current, levels),
		sinceWeek: sinceSnapshot(earlier.findLast((snapshot) => Date.parse(`${snapshot.date}T00:00:00Z`) <= Date.parse(`${current.date}T00:00:00Z`) - WEEK_MS) ?? null, current, levels),
		changes: recentChanges([...earlier, current], levels),
		mostImproved: mostImproved(earlier.at(-1) ?? null, current),
		goals: goals.map((goal) => goalProgress(goal, states, earlier, levels, now)),
		campaigns: campaigns.map((campaign) => campaignProgress(campaign, states, earlier, now)),
		waivers: scores.waivers.map(({ service, check, reason, ticket, approver, expires, state }) => ({ service, check, reason, ticket, approver, expires, state })),
		historyProblems: [...historyProblems],
		reports: [...reports],
		archived: null,
	};
}

const WEEK_MS = 7 * 86_400_000;
/** Consecutive snapshot pairs the feeds list, newest first. */
const FEED_BUILDS = 10;

/** What changed at each of the last builds, newest first (pairs without any change left out). */
function recentChanges(snapshots: readonly Snapshot[], levels: readonly string[]): ReportReadiness['changes'] {
	const changes: ReportReadiness['changes'] = [];
	for (let index = snapshots.length - 1; index > 0 && changes.length < FEED_BUILDS; index -= 1) {
		const later = snapshots[index]!;
		const since = sinceSnapshot(snapshots[index - 1]!, later, levels);
		if (since.moves.length + since.newFailures.length + since.added.length + since.removed.length > 0) changes.push({ ...since, to: later.date });
	}
	return changes;
}

/** Level moves and new failures since an earlier snapshot (the previous build's, or a week ago's). */
export function sinceSnapshot(earlier: Snapshot | null, current: Snapshot, levels: readonly string[]): ReportReadiness['sincePrevious'] {
	if (earlier === null) return { date: null, moves: [], newFailures: [], added: [], removed: [] };
	const diff = diffSnapshots(earlier, current, levels, { from: earlier.date, to: current.date });
	const failing = (outcome: string | undefined) => outcome === 'fail';
	const newFailures = Object.entries(current.services)
		.filter(([service]) => earlier.services[service] !== undefined)
		// A check the earlier snapshot does not list (new in the rubric, or trimmed from old history) is not "new".
		.flatMap(([service, state]) => Object.entries(state.checks).filter(([check, outcome]) => failing(outcome) && earlier.services[service]!.checks[check] !== undefined && !failing(earlier.services[service]!.checks[check])).map(([check]) => ({ service, check })))
		.sort((a, b) => (a.service === b.service ? (a.check < b.check ? -1 : 1) : a.service < b.service ? -1 : 1));
	return {
		date: earlier.date,
		moves: diff.levelChanges.map(({ service, from, to, direction }) => ({ service, from, to, direction })),
		newFailures,
		added: diff.addedServices.map((entry) => entry.service),
		removed: diff.removedServices.map((entry) => entry.service),
	};
}
