// Everything a service page shows, apart from the service record, its findings and the two slots
// (src/lib/site/page-slots.ts), computed from the report in one place. The page (and its widgets)
// read it from here, and the incremental build hashes it to know whether a page it rendered before
// is still right: a page that read the report around this module could be reused when stale. So a
// new thing on the service page goes into one of these two functions.
import { serviceNeighbourhood } from '../graph/dependencies.ts';
import type { Report, ReportService } from '../report/schema.ts';

type Waiver = Report['readiness']['waivers'][number];
type Conflict = Report['discovery']['ownershipConflicts'][number];
type QualityFinding = Report['quality']['findings'][number];

export interface ServicePageContext {
	waivers: Waiver[];
	conflict: Conflict | null;
	/** Catalog-quality findings about the service, each with its rule's fix. */
	qualityFindings: { finding: QualityFinding; fix: string }[];
	systemName: string | null;
	domainName: string | null;
	/** The dependency picture of the dependencies widget: neighbours' names and levels. */
	neighbourhood: ReturnType<typeof serviceNeighbourhood>;
	/** Which of the ids it depends on are services of the report (those are links). */
	knownDependencies: string[];
}

interface ReportIndex {
	services: Set<string>;
	waivers: Map<string, Waiver[]>;
	conflicts: Map<string, Conflict>;
	quality: Map<string, QualityFinding[]>;
	fixes: Map<string, string>;
	systems: Map<string, string>;
	domains: Map<string, string>;
}

const indexes = new WeakMap<Report, ReportIndex>();

/** Per-service lookups built once per report: thousands of pages each ask. */
function indexOf(report: Report): ReportIndex {
	let index = indexes.get(report);
	if (index !== undefined) return index;
	const grouped = <T>(items: readonly T[], key: (item: T) => string | null) => {
		const groups = new Map<string, T[]>();
		for (const item of items) {
			const id = key(item);
			if (id !== null) groups.set(id, [...(groups.get(id) ?? []), item]);
		}
		return groups;
	};
	index = {
		services: new Set(report.services.map((service) => service.id)),
		waivers: grouped(report.readiness.waivers, (waiver) => waiver.service),
		conflicts: new Map(report.discovery.ownershipConflicts.map((conflict) => [conflict.service, conflict])),
		quality: grouped(report.quality.findings, (finding) => (finding.subject.kind === 'service' ? finding.subject.id : null)),
		fixes: new Map(report.quality.rules.map((rule) => [rule.id, rule.fix])),
		systems: new Map(report.systems.map((system) => [system.id, system.name])),
		domains: new Map(report.domains.map((domain) => [domain.id, domain.name])),
	};
	indexes.set(report, index);
	return index;
}

export function servicePageContext(report: Report, service: ReportService): ServicePageContext {
	const index = indexOf(report);
	return {
		waivers: index.waivers.get(service.id) ?? [],
		conflict: index.conflicts.get(service.id) ?? null,
		qualityFindings: (index.quality.get(service.id) ?? []).map((finding) => ({ finding, fix: index.fixes.get(finding.rule) ?? '' })),
		systemName: service.system ? (index.systems.get(service.system) ?? service.system) : null,
		domainName: service.domain ? (index.domains.get(service.domain) ?? service.domain) : null,
		neighbourhood: serviceNeighbourhood(report, service.id),
		knownDependencies: service.dependsOn.filter((id) => index.services.has(id)),
	};
}

/**
 * What every service page shows from the report as a whole: the layout's title, policy and rubric
 * version, the archive banner, the checks and levels, the widgets, where sources link to, the
 * quality rules and the history note. The build's timestamp is a slot, not an input.
 */
export function servicePageSiteInputs(report: Report): unknown {
	return {
		title: report.title,
		contentSecurityPolicy: report.contentSecurityPolicy,
		rubricVersion: report.rubricVersion,
		archived: report.readiness.archived,
		checks: report.checks,
		levels: report.levels,
		widgets: report.widgets,
		source: report.source,
		qualityRules: report.quality.rules,
		ownerSuggestions: report.discovery.ownerSuggestions,
	};
}
