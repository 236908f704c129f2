// Pure: goals ("80% of tier-1 services at Silver by 2027-03-31") and campaigns (a time-boxed set of
// checks), measured on the current scores and projected from the history.
import type { Snapshot } from '../../../catalog/schema/snapshot.ts';

export interface Scope {
	teams?: string[];
	tiers?: number[];
}

export interface GoalDefinition {
	id: string;
	title: string;
	level: string;
	share: number;
	due: string;
	scope: Scope;
}

export interface CampaignDefinition {
	id: string;
	title: string;
	description?: string;
	checks: string[];
	scope: Scope;
	start: string;
	due: string;
	draft: boolean;
}

export interface ServiceState {
	id: string;
	team: string | null;
	tier: number | null;
	level: string | null;
	/** Outcome per check id. */
	checks: Record<string, string>;
}

export interface GoalProgress {
	id: string;
	title: string;
	level: string;
	target: number;
	due: string;
	inScope: number;
	atLevel: number;
	share: number;
	met: boolean;
	/** Day the trend reaches the target, null when it does not (flat or falling, or too few points). */
	projectedDate: string | null;
	onTrack: boolean;
	holdingBack: string[];
	series: { date: string; share: number }[];
}

export type CampaignState = 'draft' | 'scheduled' | 'in progress' | 'delayed' | 'ended';

export interface CampaignProgress {
	id: string;
	title: string;
	description: string | null;
	checks: string[];
	start: string;
	due: string;
	state: CampaignState;
	inScope: number;
	passing: number;
	remaining: string[];
	burnUp: { date: string; passing: number; total: number }[];
}

const DAY_MS = 86_400_000;

function inScope(service: { team: string | null; tier: number | null }, scope: Scope): boolean {
	return (scope.teams === undefined || (service.team !== null && scope.teams.includes(service.team))) && (scope.tiers === undefined || (service.tier !== null && scope.tiers.includes(service.tier)));
}

/**
 * The services of an earlier snapshot in scope. Snapshots hold no tiers, so today's tier of each
 * service (`tiers`, by id) applies to its past.
 */
function snapshotMembers(snapshot: Snapshot, scope: Scope, tiers: ReadonlyMap<string, number | null>): Snapshot['services'][string][] {
	return Object.entries(snapshot.services)
		.filter(([id, service]) => inScope({ team: service.team, tier: tiers.get(id) ?? null }, scope))
		.map(([, service]) => service);
}

export function goalProgress(goal: GoalDefinition, current: readonly ServiceState[], history: readonly Snapshot[], levels: readonly string[], now: Date): GoalProgress {
	const rank = (level: string | null) => (level === null ? -1 : levels.indexOf(level));
	const target = rank(goal.level);
	const scoped = current.filter((service) => inScope(service, goal.scope));
	const tiers = new Map(current.map((service) => [service.id, service.tier]));
	const atLevel = scoped.filter((service) => rank(service.level) >= target);
	const share = scoped.length === 0 ? 1 : atLevel.length / scoped.length;
	const series = history.map((snapshot) => {
		const members = snapshotMembers(snapshot, goal.scope, tiers);
		return { date: snapshot.date, share: members.length === 0 ? 1 : members.filter((service) => rank(service.level) >= target).length / members.length };
	});
	const points = [...series.filter((point) => point.date < now.toISOString().slice(0, 10)), { date: now.toISOString().slice(0, 10), share }];
	const projectedDate = share >= goal.share ? now.toISOString().slice(0, 10) : project(points, goal.share);
	return {
		id: goal.id,
		title: goal.title,
		level: goal.level,
		target: goal.share,
		due: goal.due,
		inScope: scoped.length,
		atLevel: atLevel.length,
		share: Math.round(share * 1000) / 1000,
		met: share >= goal.share,
		projectedDate,
		onTrack: projectedDate !== null && projectedDate <= goal.due,
		holdingBack: scoped.filter((service) => rank(service.level) < target).map((service) => service.id).sort(),
		series: points.map((point) => ({ date: point.date, share: Math.round(point.share * 1000) / 1000 })),
	};
}

/** Least-squares line through (day, share); the day it reaches `target`, or null. */
function project(points: readonly { date: string; share: number }[], target: number): string | null {
	if (points.length < 2) return null;
	const xs = points.map((point) => Date.parse(`${point.date}T00:00:00Z`) / DAY_MS);
	const ys = points.map((point) => point.share);
	const meanX = xs.reduce((sum, x) => sum + x, 0) / xs.length;
	const meanY = ys.reduce((sum, y) => sum + y, 0) / ys.length;
	const covariance = xs.reduce((sum, x, index) => sum + (x - meanX) * (ys[index]! - meanY), 0);
	const variance = xs.reduce((sum, x) => sum + (x - meanX) ** 2, 0);
	if (variance === 0 || covariance <= 0) return null;
	const slope = covariance / variance;
	const day = meanX + (target - meanY) / slope;
	return new Date(Math.ceil(day) * DAY_MS).toISOString().slice(0, 10);
}

export function campaignProgress(campaign: CampaignDefinition, current: readonly ServiceState[], history: readonly Snapshot[], now: Date): CampaignProgress {
	const tiers = new Map(current.map((service) => [service.id, service.tier]));
	const passes = (checks: Record<string, string>) => campaign.checks.every((check) => (checks[check] ?? '').replace(' (upcoming)', '') === 'pass' || (checks[check] ?? '').startsWith('not-applicable'));
	const scoped = current.filter((service) => inScope(service, campaign.scope));
	const passing = scoped.filter((service) => passes(service.checks));
	const today = now.toISOString().slice(0, 10);
	const complete = scoped.length > 0 && passing.length === scoped.length;
	const state: CampaignState = campaign.draft ? 'draft' : today < campaign.start ? 'scheduled' : complete && today >= campaign.start ? 'ended' : today <= campaign.due ? 'in progress' : 'delayed';
	const burnUp = history
		.filter((snapshot) => snapshot.date >= campaign.start && snapshot.date < today)
		.map((snapshot) => {
			const members = snapshotMembers(snapshot, campaign.scope, tiers);
			return { date: snapshot.date, passing: members.filter((service) => passes(service.checks)).length, total: members.length };
		});
	return {
		id: campaign.id,
		title: campaign.title,
		description: campaign.description ?? null,
		checks: campaign.checks,
		start: campaign.start,
		due: campaign.due,
		state,
		inScope: scoped.length,
		passing: passing.length,
		remaining: scoped.filter((service) => !passes(service.checks)).map((service) => service.id).sort(),
		burnUp: [...burnUp, ...(today >= campaign.start ? [{ date: today, passing: passing.length, total: scoped.length }] : [])],
	};
}
