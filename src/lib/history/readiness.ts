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
		mostImproved: mostImproved(earlier.at(-1) ?? null, current),
		goals: goals.map((goal) => goalProgress(goal, states, earlier, levels, now)),
		campaigns: campaigns.map((campaign) => campaignProgress(campaign, states, earlier, now)),
		waivers: scores.waivers.map(({ service, check, reason, ticket, approver, expires, state }) => ({ service, check, reason, ticket, approver, expires, state })),
		historyProblems: [...historyProblems],
		reports: [...reports],
		archived: null,
	};
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
