// Scores a whole catalog: every service, then roll-ups per team and for the organisation.
import type { Evidence } from '../../../catalog/schema/common.ts';
import type { Service } from '../../../catalog/schema/service.ts';
import type { Team } from '../../../catalog/schema/team.ts';
import { CATEGORIES, type Category, type Level, type Rubric } from '../../../rubrics/schema.ts';
import { evaluateService, prepareChecks } from './evaluate.ts';
import { computeLevel, computeScore, type UnknownPolicy } from './levels.ts';
import type { Waiver } from '../../../catalog/schema/waiver.ts';
import type { Evaluator, Finding, Outcome } from './model.ts';
import { applyWaivers, waiverStatuses, type WaiverStatus } from './waivers.ts';
import type { UnmeasuredSource } from './unmeasured.ts';

export interface ServiceScore {
	id: string;
	level: Level | null;
	nextLevel: Level | null;
	/** Ids of the checks that block `nextLevel`. */
	blocking: string[];
	score: number;
	categories: Record<Category, Level | null>;
	checks: Finding[];
}

/** Count of services per level; `none` counts those below the first level. */
export type LevelCounts = Record<string, number>;

export interface RollUp {
	serviceCount: number;
	levelCounts: LevelCounts;
	/** Mean service score, one decimal; 0 when there are no services. */
	score: number;
}

export interface TeamScore extends RollUp {
	id: string;
	services: string[];
}

/** A system's or a domain's roll-up: the level all its services reach, and how they spread. */
export interface GroupScore extends RollUp {
	id: string;
	services: string[];
	/** The level every one of its services reaches (the lowest); null when one reaches none, or it has none. */
	level: Level | null;
}

export interface ScoreResult {
	/** Whether unknown findings blocked levels in this scoring. */
	unknownPolicy: UnknownPolicy;
	rubricVersion: string;
	now: string;
	services: ServiceScore[];
	teams: TeamScore[];
	systems: GroupScore[];
	domains: GroupScore[];
	organisation: RollUp;
	waivers: WaiverStatus[];
}

export interface ScoreInput {
	waivers?: readonly Waiver[];
	/** The sources that measured nothing, by namespace (see unmeasured.ts). */
	notMeasured?: ReadonlyMap<string, UnmeasuredSource>;
	/** What each collector reads, by namespace ("the GitHub API"), for "data missing" messages. */
	sourceNames?: ReadonlyMap<string, string>;
	unknownPolicy?: UnknownPolicy;
	services: readonly Service[];
	teams: readonly Team[];
	/** Systems and domains with their member service ids. */
	systems?: readonly { id: string; services: readonly string[] }[];
	domains?: readonly { id: string; services: readonly string[] }[];
	rubric: Rubric;
	evaluators: ReadonlyMap<string, Evaluator>;
	now: Date;
}

export function scoreCatalog({ services, teams, systems = [], domains = [], rubric, evaluators, now, waivers = [], notMeasured = new Map(), sourceNames = new Map(), unknownPolicy = 'blocks' }: ScoreInput): ScoreResult {
	const levelIds = rubric.levels.map((level) => level.id);
	const prepared = prepareChecks(rubric.checks, evaluators);
	const failing = new Set<string>();
	const scores = [...services]
		.sort((a, b) => compareIds(a.id, b.id))
		.map((service) => {
			const findings = evaluateService(service, prepared, now, notMeasured, sourceNames);
			for (const finding of findings) if (finding.outcome === 'fail') failing.add(`${service.id}\u0000${finding.checkId}`);
			return scoreService(service.id, applyWaivers(service.id, findings, waivers, now), levelIds, unknownPolicy);
		});
	const byId = new Map(scores.map((score) => [score.id, score]));

	const teamScores = [...teams]
		.sort((a, b) => compareIds(a.id, b.id))
		.map((team) => {
			const owned = services.filter((service) => service.owner !== null && ownerMatchesTeam(service.owner, team));
			const ids = owned.map((service) => service.id).sort(compareIds);
			return { id: team.id, services: ids, ...rollUp(ids.map((id) => byId.get(id) as ServiceScore), levelIds) };
		});

	return {
		rubricVersion: rubric.version,
		unknownPolicy,
		now: now.toISOString(),
		services: scores,
		teams: teamScores,
		systems: systems.map((system) => groupScore(system, byId, levelIds)).sort((a, b) => compareIds(a.id, b.id)),
		domains: domains.map((domain) => groupScore(domain, byId, levelIds)).sort((a, b) => compareIds(a.id, b.id)),
		organisation: rollUp(scores, levelIds),
		waivers: waiverStatuses(waivers, (service, check) => failing.has(`${service}\u0000${check}`), now),
	};
}

export function ownerMatchesTeam(owner: string, team: Team): boolean {
	return owner === team.id || team.aliases.includes(owner);
}

/** The id of the team an owner reference means (its id or an alias), or null. */
export function teamOfOwner(teams: readonly Team[]): (owner: string | null) => string | null {
	return (owner) => (owner === null ? null : (teams.find((team) => ownerMatchesTeam(owner, team))?.id ?? null));
}

/** Level, score and categories of one service from its findings. */
export function scoreService(id: string, findings: Finding[], levelIds: readonly Level[], unknownPolicy: UnknownPolicy = 'blocks'): ServiceScore {
	const overall = computeLevel(findings, levelIds, unknownPolicy);
	const categories = {} as Record<Category, Level | null>;
	for (const category of CATEGORIES) {
		categories[category] = computeLevel(
			findings.filter((finding) => finding.category === category),
			levelIds,
			unknownPolicy,
		).achieved;
	}
	return {
		id,
		level: overall.achieved,
		nextLevel: overall.next,
		blocking: overall.blocking.map((finding) => finding.checkId),
		score: computeScore(findings),
		categories,
		checks: findings,
	};
}

/** A group's roll-up over the services it names that the catalog holds. */
export function groupScore(group: { id: string; services: readonly string[] }, byId: ReadonlyMap<string, ServiceScore>, levelIds: readonly Level[]): GroupScore {
	const members = group.services.flatMap((id) => byId.get(id) ?? []).sort((a, b) => compareIds(a.id, b.id));
	return { id: group.id, services: members.map((member) => member.id), level: lowestLevel(members.map((member) => member.level), levelIds), ...rollUp(members, levelIds) };
}

/** The lowest of some levels (null, below the first level, is the lowest); null for none. */
export function lowestLevel(levels: readonly (Level | null)[], levelIds: readonly Level[]): Level | null {
	if (levels.length === 0) return null;
	let lowest: Level | null = levels[0]!;
	for (const level of levels) {
		if (level === null) return null;
		if (lowest !== null && levelIds.indexOf(level) < levelIds.indexOf(lowest)) lowest = level;
	}
	return lowest;
}

export function rollUp(scores: readonly ServiceScore[], levelIds: readonly Level[]): RollUp {
	const levelCounts: LevelCounts = { none: 0 };
	for (const level of levelIds) levelCounts[level] = 0;
	let total = 0;
	for (const score of scores) {
		const key = score.level ?? 'none';
		levelCounts[key] = (levelCounts[key] ?? 0) + 1;
		total += score.score;
	}
	const mean = scores.length === 0 ? 0 : Math.round((total / scores.length) * 10) / 10;
	return { serviceCount: scores.length, levelCounts, score: mean };
}

/** Code-point order: the same on every machine and locale. */
export function compareIds(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
