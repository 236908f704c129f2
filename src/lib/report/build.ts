// Turns a scored catalog into the report the site renders: joins records with scores, adds reverse
// dependencies, team ranks and per-check statistics. Pure apart from its inputs.
import type { ReportSource } from './schema.ts';
import type { AppliesTo, CheckDefinition, Rubric } from '../../../rubrics/schema.ts';
import type { Service } from '../../../catalog/schema/service.ts';
import type { Evidence } from '../../../catalog/schema/common.ts';
import { describeExpectation } from '../scoring/expectations.ts';
import { OUTCOMES, type Evaluator } from '../scoring/model.ts';
import { compareIds, teamOfOwner, type GroupScore, type ScoreResult } from '../scoring/score.ts';
import type { Catalog } from './load-catalog.ts';
import { contentSecurityPolicy } from './content-security.ts';
import type { UnmeasuredSource } from '../scoring/unmeasured.ts';
import { renderSafeMarkdown } from '../format/safe-markdown.ts';
import { qualityByTeam } from '../quality/index.ts';
import { buildBacklog } from '../scoring/backlog.ts';
import type { QualityReport } from '../../../catalog/schema/quality.ts';
import type { WidgetConfig } from '../config/schema.ts';
import { DEFAULT_WIDGETS, type ResolvedWidgets } from '../config/load.ts';
import { repositorySource } from '../format/source-url.ts';
import { EMPTY_READINESS, type CollectorDoc, type Report, type ReportCheck, type ReportReadiness, type ReportService, type ReportTeam, type ReportWidget, type ReportWidgets, type ServiceFindings } from './schema.ts';

export interface BuildReportInput {
	widgets?: ResolvedWidgets;
	catalog: Catalog;
	rubric: Rubric;
	scores: ScoreResult;
	evaluators: ReadonlyMap<string, Evaluator>;
	title: string;
	/** Where evidence files link to on the code host, or null for plain text. */
	source?: ReportSource | null;
	generatedAt: Date;
	/** Origins embed widgets may show (site.embedOrigins); the only ones the pages' CSP lets iframes load. */
	embedOrigins?: readonly string[];
	/** Sources that measured nothing (see scoring/unmeasured.ts). */
	unmeasured?: readonly UnmeasuredSource[];
	/** The collectors documented from their definitions (the CLI reads them; see src/cli/collector-docs.ts). */
	collectors?: readonly CollectorDoc[];
	/** Open pull requests and issues of a service, from the collectors that report activity (the CLI composes it). */
	activityOf?: (service: Service) => ReportService['activity'];
	/** Trends, goals, campaigns, waivers (see src/lib/history/readiness.ts). */
	readiness?: ReportReadiness;
	/** Catalog data quality (see src/lib/quality). */
	quality?: QualityReport;
}

export interface BuiltReport {
	report: Report;
	/** One entry per service, in the order of `report.services`. */
	findings: ServiceFindings[];
}

export function buildReport({ catalog, rubric, scores, evaluators, title, generatedAt, source = null, embedOrigins = [], unmeasured = [], collectors = [], activityOf = NO_ACTIVITY, widgets = DEFAULT_WIDGETS, readiness = EMPTY_READINESS, quality = { rules: [], findings: [] } }: BuildReportInput): BuiltReport {
	const scoreById = new Map(scores.services.map((score) => [score.id, score]));
	const dependents = new Map<string, string[]>();
	for (const service of catalog.services) {
		// Appended in place: a dependency that thousands of services share would be copied quadratically.
		for (const dependency of service.dependsOn) {
			const list = dependents.get(dependency);
			if (list === undefined) dependents.set(dependency, [service.id]);
			else list.push(service.id);
		}
	}
	const teamOf = teamOfOwner(catalog.teams);

	const commits = new Map((catalog.repositories ?? []).map((entry) => [entry.repository, entry.commit]));
	const services: ReportService[] = [...catalog.services]
		.sort((a, b) => compareIds(a.id, b.id))
		.map((service) => {
			const score = scoreById.get(service.id)!;
			const { $schema: _schema, facts: _facts, evidence: _evidence, ...record } = service;
			return {
				...record,
				ownerTeam: teamOf(service.owner),
				...(service.repository === undefined ? {} : { source: repositorySource(source, service.repository, commits.get(service.repository) ?? null) }),
				dependents: (dependents.get(service.id) ?? []).sort(compareIds),
				level: score.level,
				nextLevel: score.nextLevel,
				blocking: score.blocking,
				score: score.score,
				categories: score.categories,
				failing: score.checks.filter((finding) => finding.outcome === 'fail').map((finding) => finding.checkId),
				activity: activityOf(service),
			};
		});

	const lookups: Lookups = { scoreById, serviceById: new Map(services.map((service) => [service.id, service])), teamOf };
	const teams = rankTeams(catalog, scores, rubric, lookups);
	const report: Report = {
		source,
		generatedAt: generatedAt.toISOString(),
		title,
		contentSecurityPolicy: contentSecurityPolicy(embedOrigins),
		unknownPolicy: scores.unknownPolicy,
		notMeasured: notMeasuredPanel(unmeasured, scores, rubric),
		rubricVersion: scores.rubricVersion,
		levels: rubric.levels,
		organisation: scores.organisation,
		services,
		teams,
		lagging: laggingTeams(teams),
		systems: catalog.systems.map((system) => ({ ...groupReport(system, scores.systems, rubric, lookups), domain: system.domain })),
		domains: catalog.domains.map((domain) => ({ ...groupReport(domain, scores.domains, rubric, lookups), systems: domain.systems })),
		quality: { ...quality, teams: qualityByTeam(catalog, quality) },
		checks: rubric.checks.map((check) => summariseCheck(check, scores, evaluators)),
		discovery: catalog.discovery,
		collectors: [...collectors],
		widgets: prepareWidgets(widgets),
		readiness,
	};
	return { report, findings: services.map((service) => ({ id: service.id, findings: scoreById.get(service.id)!.checks })) };
}

/** Backlog items shown on a team page; `shipshape backlog` lists them all. */
const BACKLOG_ON_PAGE = 10;

/** Built once per report and shared by the team, system and domain roll-ups. */
interface Lookups {
	scoreById: ReadonlyMap<string, ScoreResult['services'][number]>;
	serviceById: ReadonlyMap<string, ReportService>;
	teamOf: (owner: string | null) => string | null;
}

/** Rank by mean score, then by share of services at the top level, then by id (stated on the page). */
function rankTeams(catalog: Catalog, scores: ScoreResult, rubric: Rubric, { scoreById, serviceById: byId }: Lookups): ReportTeam[] {
	const levelIds = rubric.levels.map((level) => level.id);
	const top = levelIds.at(-1) ?? '';
	const topShare = (team: ScoreResult['teams'][number]) => (team.serviceCount === 0 ? 0 : (team.levelCounts[top] ?? 0) / team.serviceCount);
	const ranked = [...scores.teams].sort((a, b) => b.score - a.score || topShare(b) - topShare(a) || compareIds(a.id, b.id));
	return ranked.map((team, index) => {
		const record = catalog.teams.find((candidate) => candidate.id === team.id)!;
		const owned = team.services.map((id) => byId.get(id)!);
		return {
			...team,
			name: record.name,
			description: record.description,
			members: record.members,
			rank: index + 1,
			categories: lowestCategoryLevels(owned, levelIds),
			topFixes: topFixes(owned, rubric),
			blockers: topBlockers(owned, rubric),
			backlog: buildBacklog(team.services.map((id) => scoreById.get(id)!), rubric)
				.items.slice(0, BACKLOG_ON_PAGE)
				.map(({ key, service, check, checkName, level, points, raisesLevel }) => ({ key, service, check, checkName, level, points, raisesLevel })),
		};
	});
}

/** A system's or domain's page data from its record and its roll-up. */
function groupReport(record: { id: string; name: string; description: string | null; owner: string | null; evidence: Evidence[] }, scored: readonly GroupScore[], rubric: Rubric, { serviceById, teamOf }: Lookups) {
	const score: Omit<GroupScore, 'id'> = scored.find((candidate) => candidate.id === record.id) ?? { services: [], serviceCount: 0, levelCounts: {}, score: 0, level: null };
	const members = score.services.flatMap((id) => serviceById.get(id) ?? []);
	return {
		id: record.id,
		name: record.name,
		description: record.description,
		owner: record.owner,
		ownerTeam: teamOf(record.owner),
		services: score.services,
		serviceCount: score.serviceCount,
		levelCounts: score.levelCounts,
		score: score.score,
		level: score.level,
		categories: lowestCategoryLevels(members, rubric.levels.map((level) => level.id)),
		topFixes: topFixes(members, rubric).filter((fix) => fix.raises > 0),
		evidence: record.evidence,
	};
}

/** Per category, the lowest level among the services (what the whole team holds). */
function lowestCategoryLevels(services: readonly ReportService[], levelIds: readonly string[]): Record<string, string | null> {
	const rank = (level: string | null) => (level === null ? -1 : levelIds.indexOf(level));
	const result: Record<string, string | null> = {};
	for (const service of services) {
		for (const [category, level] of Object.entries(service.categories)) {
			if (!(category in result) || rank(level) < rank(result[category] ?? null)) result[category] = level;
		}
	}
	return result;
}

/** How many fixes and blockers a team, system or domain page lists. */
const FIXES_SHOWN = 5;

/** The first fixes: a check that is the only blocker of a service raises it a level when fixed; those first. */
function topFixes(services: readonly ReportService[], rubric: Rubric): ReportTeam['topFixes'] {
	return blockingChecks(services, rubric).slice(0, FIXES_SHOWN);
}

/** The checks that block most of the services, whether or not fixing one alone raises a service. */
function topBlockers(services: readonly ReportService[], rubric: Rubric): ReportTeam['topFixes'] {
	return blockingChecks(services, rubric)
		.sort((a, b) => b.blocks - a.blocks || b.raises - a.raises || compareIds(a.checkId, b.checkId))
		.slice(0, FIXES_SHOWN);
}

/** Every check blocking one of the services, with what it blocks and whom its fix alone would raise; most raised first. */
function blockingChecks(services: readonly ReportService[], rubric: Rubric): ReportTeam['topFixes'] {
	const tally = new Map<string, { raised: string[]; blocks: number }>();
	for (const service of services) {
		for (const checkId of service.blocking) {
			const entry = tally.get(checkId) ?? { raised: [], blocks: 0 };
			entry.blocks += 1;
			if (service.blocking.length === 1) entry.raised.push(service.id);
			tally.set(checkId, entry);
		}
	}
	const nameOf = (checkId: string) => rubric.checks.find((check) => check.id === checkId)?.name ?? checkId;
	return [...tally.entries()]
		.map(([checkId, { raised, blocks }]) => ({ checkId, name: nameOf(checkId), raises: raised.length, raised: raised.sort(compareIds), blocks }))
		.sort((a, b) => b.raises - a.raises || b.blocks - a.blocks || compareIds(a.checkId, b.checkId));
}

/** How many teams the overview names as lagging. */
const LAGGING_TEAMS = 3;

/** The teams with the lowest mean score, each with what blocks most of its services. */
function laggingTeams(teams: readonly ReportTeam[]): Report['lagging'] {
	return teams
		.filter((team) => team.serviceCount > 0)
		.sort((a, b) => a.score - b.score || compareIds(a.id, b.id))
		.slice(0, LAGGING_TEAMS)
		.map((team) => ({ team: team.id, name: team.name, score: team.score, serviceCount: team.serviceCount, blocker: team.blockers[0] ?? null }));
}

function summariseCheck(check: CheckDefinition, scores: ScoreResult, evaluators: ReadonlyMap<string, Evaluator>): ReportCheck {
	const outcomeCounts: Record<string, number> = Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0]));
	const failing: string[] = [];
	// Findings are in rubric order for every service, so the check's index finds its finding directly.
	const index = scores.services[0]?.checks.findIndex((finding) => finding.checkId === check.id) ?? -1;
	for (const service of scores.services) {
		const finding = service.checks[index];
		if (finding === undefined || finding.checkId !== check.id) continue;
		outcomeCounts[finding.outcome] = (outcomeCounts[finding.outcome] ?? 0) + 1;
		if (finding.outcome === 'fail') failing.push(service.id);
	}
	const applicable = scores.services.length - (outcomeCounts['not-applicable'] ?? 0);
	return {
		id: check.id,
		name: check.name,
		question: check.question ?? null,
		level: check.level,
		category: check.category,
		description: check.description,
		remediation: check.remediation,
		logic: describeLogic(check, evaluators),
		scope: describeScope(check.appliesTo),
		outcomeCounts,
		passRate: applicable === 0 ? null : Math.round(((outcomeCounts.pass ?? 0) / applicable) * 100),
		failing,
		guide: check.guide ?? null,
		enforcedFrom: check.enforcedFrom ?? null,
	};
}

export function describeLogic(check: CheckDefinition, evaluators: ReadonlyMap<string, Evaluator>): string {
	if (check.logic.kind === 'expectation') return `Passes when \`${check.logic.fact}\` is ${describeExpectation(check.logic.expect)}.`;
	const evaluator = evaluators.get(check.logic.evaluator);
	const options = Object.keys(check.logic.options).length === 0 ? '' : ` Options: ${JSON.stringify(check.logic.options)}.`;
	return `${evaluator?.meta.description ?? check.logic.evaluator} (evaluator \`${check.logic.evaluator}\`).${options}`;
}

export function describeScope(appliesTo: AppliesTo | undefined): string | null {
	if (appliesTo === undefined) return null;
	const parts: string[] = [];
	if (appliesTo.tiers) parts.push(`tier ${appliesTo.tiers.join(' or ')}`);
	if (appliesTo.lifecycles) parts.push(`lifecycle ${appliesTo.lifecycles.join(' or ')}`);
	if (appliesTo.languages) parts.push(`written in ${appliesTo.languages.join(' or ')}`);
	if (appliesTo.tags) parts.push(`tagged ${appliesTo.tags.join(' or ')}`);
	if (appliesTo.owners) parts.push(`owned by ${appliesTo.owners.join(' or ')}`);
	for (const condition of appliesTo.facts ?? []) parts.push(`\`${condition.fact}\` is ${describeExpectation(condition.expect)}`);
	return `Applies to services ${parts.join(', ')}.`;
}

function NO_ACTIVITY(): ReportService['activity'] {
	return { pullRequests: null, issues: null, reason: 'no collector reports activity' };
}

/** Each source that measured nothing, with the checks it left unknown somewhere (their messages name it). */
function notMeasuredPanel(unmeasured: readonly UnmeasuredSource[], scores: ScoreResult, rubric: Rubric): Report['notMeasured'] {
	const names = new Map(rubric.checks.map((check) => [check.id, check.name]));
	return unmeasured.map(({ source, reason, howToEnable }) => {
		const ids = new Set<string>();
		for (const service of scores.services) {
			for (const finding of service.checks) if (finding.messageId === 'not-measured' && finding.message.includes(source)) ids.add(finding.checkId);
		}
		return { source, reason, howToEnable, checks: [...ids].sort(compareIds).map((id) => ({ id, name: names.get(id) ?? id })) };
	});
}

function prepareWidgets(widgets: ResolvedWidgets): ReportWidgets {
	const prepare = (list: readonly WidgetConfig[]): ReportWidget[] =>
		list.map((widget) => {
			if (widget.type === 'markdown') return { type: 'markdown', title: widget.title ?? null, html: renderSafeMarkdown(widget.text) };
			if (widget.type === 'embed') return { type: 'embed', url: widget.url, title: widget.title, height: widget.height ?? 400 };
			return { type: widget.type };
		});
	const teams: ReportWidgets['teams'] = {};
	for (const [team, lists] of Object.entries(widgets.teams)) {
		teams[team] = { ...(lists.service ? { service: prepare(lists.service) } : {}), ...(lists.team ? { team: prepare(lists.team) } : {}) };
	}
	return { service: prepare(widgets.service), team: prepare(widgets.team), teams };
}
