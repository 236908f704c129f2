// Turns a scored catalog into the report the site renders: joins records with scores, adds reverse
// dependencies, team ranks and per-check statistics. Pure apart from its inputs.
import type { AppliesTo, CheckDefinition, Rubric } from '../../../rubrics/schema.ts';
import { describeExpectation } from '../scoring/expectations.ts';
import type { Evaluator } from '../scoring/model.ts';
import { compareIds, ownerMatchesTeam, type ScoreResult } from '../scoring/score.ts';
import type { Catalog } from './load-catalog.ts';
import type { Report, ReportCheck, ReportService, ReportTeam, ServiceFindings } from './schema.ts';

export interface BuildReportInput {
	catalog: Catalog;
	rubric: Rubric;
	scores: ScoreResult;
	evaluators: ReadonlyMap<string, Evaluator>;
	title: string;
	generatedAt: Date;
}

export interface BuiltReport {
	report: Report;
	/** One entry per service, in the order of `report.services`. */
	findings: ServiceFindings[];
}

export function buildReport({ catalog, rubric, scores, evaluators, title, generatedAt }: BuildReportInput): BuiltReport {
	const scoreById = new Map(scores.services.map((score) => [score.id, score]));
	const dependents = new Map<string, string[]>();
	for (const service of catalog.services) {
		for (const dependency of service.dependsOn) dependents.set(dependency, [...(dependents.get(dependency) ?? []), service.id]);
	}
	const teamOf = (owner: string | null) => (owner === null ? null : (catalog.teams.find((team) => ownerMatchesTeam(owner, team))?.id ?? null));

	const services: ReportService[] = [...catalog.services]
		.sort((a, b) => compareIds(a.id, b.id))
		.map((service) => {
			const score = scoreById.get(service.id)!;
			const { $schema: _schema, facts: _facts, evidence: _evidence, ...record } = service;
			return {
				...record,
				ownerTeam: teamOf(service.owner),
				dependents: (dependents.get(service.id) ?? []).sort(compareIds),
				level: score.level,
				nextLevel: score.nextLevel,
				blocking: score.blocking,
				score: score.score,
				categories: score.categories,
				failing: score.checks.filter((finding) => finding.outcome === 'fail').map((finding) => finding.id),
			};
		});

	const report: Report = {
		generatedAt: generatedAt.toISOString(),
		title,
		rubricVersion: scores.rubricVersion,
		levels: rubric.levels,
		organisation: scores.organisation,
		services,
		teams: rankTeams(catalog, scores, rubric),
		checks: rubric.checks.map((check) => summariseCheck(check, scores, evaluators)),
		discovery: catalog.discovery,
	};
	return { report, findings: services.map((service) => ({ id: service.id, findings: scoreById.get(service.id)!.checks })) };
}

/** Rank by mean score, then by share of services at the top level, then by id (stated on the page). */
function rankTeams(catalog: Catalog, scores: ScoreResult, rubric: Rubric): ReportTeam[] {
	const top = rubric.levels.at(-1)?.id ?? '';
	const topShare = (team: ScoreResult['teams'][number]) => (team.serviceCount === 0 ? 0 : (team.levelCounts[top] ?? 0) / team.serviceCount);
	const ranked = [...scores.teams].sort((a, b) => b.score - a.score || topShare(b) - topShare(a) || compareIds(a.id, b.id));
	return ranked.map((team, index) => {
		const record = catalog.teams.find((candidate) => candidate.id === team.id)!;
		return { ...team, name: record.name, description: record.description, members: record.members, rank: index + 1 };
	});
}

function summariseCheck(check: CheckDefinition, scores: ScoreResult, evaluators: ReadonlyMap<string, Evaluator>): ReportCheck {
	const outcomeCounts: Record<string, number> = { pass: 0, fail: 0, 'not-applicable': 0, unknown: 0, error: 0 };
	const failing: string[] = [];
	// Findings are in rubric order for every service, so the check's index finds its finding directly.
	const index = scores.services[0]?.checks.findIndex((finding) => finding.id === check.id) ?? -1;
	for (const service of scores.services) {
		const finding = service.checks[index];
		if (finding === undefined || finding.id !== check.id) continue;
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
	};
}

export function describeLogic(check: CheckDefinition, evaluators: ReadonlyMap<string, Evaluator>): string {
	if (check.logic.kind === 'expectation') return `Passes when \`${check.logic.fact}\` is ${describeExpectation(check.logic.expect)}.`;
	const evaluator = evaluators.get(check.logic.evaluator);
	const options = Object.keys(check.logic.options).length === 0 ? '' : ` Options: ${JSON.stringify(check.logic.options)}.`;
	return `${evaluator?.meta.description ?? check.logic.evaluator} (evaluator \`${check.logic.evaluator}\`).${options}`;
}

function describeScope(appliesTo: AppliesTo | undefined): string | null {
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
