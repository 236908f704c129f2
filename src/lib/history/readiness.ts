// Pure: the continuous-readiness part of the report, from the current scores, the current snapshot
// and earlier snapshots (oldest first): trends, most improved teams, goals, campaigns, waivers.
import type { Service } from '../../../catalog/schema/service.ts';
import type { Snapshot } from '../../../catalog/schema/snapshot.ts';
import type { ReportReadiness } from '../report/schema.ts';
import type { ScoreResult } from '../scoring/score.ts';
import { campaignProgress, goalProgress, type CampaignDefinition, type GoalDefinition, type ServiceState } from './goals.ts';
import { buildTrends, mostImproved } from './trends.ts';

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
		mostImproved: mostImproved(earlier.at(-1) ?? null, current),
		goals: goals.map((goal) => goalProgress(goal, states, earlier, levels, now)),
		campaigns: campaigns.map((campaign) => campaignProgress(campaign, states, earlier, now)),
		waivers: scores.waivers.map(({ service, check, reason, ticket, approver, expires, state }) => ({ service, check, reason, ticket, approver, expires, state })),
		historyProblems: [...historyProblems],
		reports: [...reports],
		archived: null,
	};
}
