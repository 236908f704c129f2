// Catalog data quality: every rule, run over the catalog, with the severities the configuration
// gives. Pure, like the scoring library.
import type { QualityFinding, QualityReport } from '../../../catalog/schema/quality.ts';
import { teamOfOwner } from '../scoring/score.ts';
import type { QualityCatalog, QualityRule } from './model.ts';
import { aliasUnique } from './rules/alias-unique.ts';
import { descriptorHasCode } from './rules/descriptor-has-code.ts';
import { descriptorsAgree } from './rules/descriptors-agree.ts';
import { idUniqueAcrossRepositories } from './rules/id-unique-across-repositories.ts';
import { ownerIsKnown } from './rules/owner-is-known.ts';
import { refsResolve } from './rules/refs-resolve.ts';
import { serviceHasDescription } from './rules/service-has-description.ts';
import { serviceHasLifecycle } from './rules/service-has-lifecycle.ts';
import { serviceHasOwner } from './rules/service-has-owner.ts';
import { serviceHasTier } from './rules/service-has-tier.ts';
import { teamHasServices } from './rules/team-has-services.ts';

export type { QualityCatalog, QualityRule } from './model.ts';

/** Every rule, by id. */
export const QUALITY_RULES: readonly QualityRule[] = [aliasUnique, descriptorHasCode, descriptorsAgree, idUniqueAcrossRepositories, ownerIsKnown, refsResolve, serviceHasDescription, serviceHasLifecycle, serviceHasOwner, serviceHasTier, teamHasServices].sort((a, b) => (a.id < b.id ? -1 : 1));

export type Severities = Readonly<Record<string, 'off' | 'warning' | 'error'>>;

/** Unknown rule ids in a severities map, for a configuration error. */
export function unknownRules(severities: Severities): string[] {
	const ids = new Set(QUALITY_RULES.map((rule) => rule.id));
	return Object.keys(severities).filter((id) => !ids.has(id)).sort();
}

export function checkQuality(catalog: QualityCatalog, severities: Severities = {}): QualityReport {
	const teamOfService = teamOfOwner(catalog.teams);
	const teamOf = new Map(catalog.services.map((service) => [service.id, teamOfService(service.owner)]));
	const findings: QualityFinding[] = [];
	const rules = QUALITY_RULES.map((rule) => ({ rule, severity: severities[rule.id] ?? rule.defaultSeverity }));
	for (const { rule, severity } of rules) {
		if (severity === 'off') continue;
		for (const finding of rule.check(catalog)) {
			const team = finding.subject.kind === 'service' ? (teamOf.get(finding.subject.id) ?? null) : finding.subject.kind === 'team' ? finding.subject.id : null;
			findings.push({ rule: rule.id, severity, team, ...finding });
		}
	}
	findings.sort((a, b) => compare(a.rule, b.rule) || compare(a.subject.kind, b.subject.kind) || compare(a.subject.id, b.subject.id) || compare(a.message, b.message));
	return { rules: rules.map(({ rule, severity }) => ({ id: rule.id, description: rule.description, fix: rule.fix, severity })), findings };
}

function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** The rules about a service's own fields: what "complete" means for a team's services. */
const FIELD_RULES = ['service-has-description', 'service-has-lifecycle', 'service-has-owner', 'service-has-tier'];

export interface TeamQuality {
	team: string;
	services: number;
	findings: number;
	/** Share of its services' fields (description, lifecycle, owner, tier) that are filled in, 0–100. */
	completeness: number;
}

/** Per team: its findings and how complete its services' descriptors are. */
export function qualityByTeam(catalog: QualityCatalog, report: QualityReport): TeamQuality[] {
	const fieldRules = report.rules.filter((rule) => FIELD_RULES.includes(rule.id) && rule.severity !== 'off').map((rule) => rule.id);
	return [...catalog.teams]
		.sort((a, b) => compare(a.id, b.id))
		.map((team) => {
			const findings = report.findings.filter((finding) => finding.team === team.id);
			const missing = findings.filter((finding) => fieldRules.includes(finding.rule)).length;
			const possible = team.services.length * fieldRules.length;
			return { team: team.id, services: team.services.length, findings: findings.length, completeness: possible === 0 ? 100 : Math.round((1 - missing / possible) * 100) };
		});
}
