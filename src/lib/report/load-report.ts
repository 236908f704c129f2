// The only bridge into Astro. `shipshape build` runs Astro in its own process and hands the pages
// the report and the findings it holds (handOverSiteData), rather than writing them to files that the
// pages parse and validate again: that round trip cost about 1 s of every build at 5,000 services,
// and a second copy of the report in memory. The pages only read what they are given.
import type { Report, ReportCheck, ReportService, ServiceFindings } from './schema.ts';

/** What a build hands the pages. */
export interface SiteData {
	/** Validated and typed by the CLI when it built it from the scored catalog. */
	report: Report;
	findings: readonly ServiceFindings[];
	/** The services whose page this build renders (the others come from the page cache); null for all. */
	toRender: readonly string[] | null;
}

// A global, not a module variable: Astro bundles the pages with their own copy of this module.
const SITE_DATA = Symbol.for('shipshape.site-data');
const globals = globalThis as typeof globalThis & { [SITE_DATA]?: SiteData };

/** Called by the CLI before Astro builds, and with undefined after. */
export function handOverSiteData(data: SiteData | undefined): void {
	globals[SITE_DATA] = data;
}

interface Loaded {
	data: SiteData;
	serviceById: Map<string, ReportService>;
	checkById: Map<string, ReportCheck>;
	findingsById?: Map<string, ServiceFindings['findings']>;
	toRender?: ReportService[];
}

let cached: Loaded | undefined;

function load(): Loaded {
	const data = globals[SITE_DATA];
	if (data === undefined) throw new Error('No report was handed to the site: it is built by `shipshape build` (npm run build), which runs Astro with the report it has just made.');
	if (cached?.data === data) return cached;
	cached = {
		data,
		serviceById: new Map(data.report.services.map((service) => [service.id, service])),
		checkById: new Map(data.report.checks.map((check) => [check.id, check])),
	};
	return cached;
}

export function loadReport(): Report {
	return load().data.report;
}

/** The services whose page this build renders: all, unless the page cache has the others. */
export function servicesToRender(): ReportService[] {
	const loaded = load();
	if (loaded.toRender !== undefined) return loaded.toRender;
	const wanted = loaded.data.toRender === null ? null : new Set(loaded.data.toRender);
	loaded.toRender = wanted === null ? loaded.data.report.services : loaded.data.report.services.filter((service) => wanted.has(service.id));
	return loaded.toRender;
}

/** A service of the report by id (memoised index, so pages stay linear at thousands of services). */
export function findService(id: string): ReportService | undefined {
	return load().serviceById.get(id);
}

/** A check of the report by id; throws for an id the report does not have (a bug, not bad input). */
export function findCheck(id: string): ReportCheck {
	const check = load().checkById.get(id);
	if (check === undefined) throw new Error(`Check "${id}" is not in the report.`);
	return check;
}

/** The findings of one service. */
export function loadFindings(id: string): ServiceFindings['findings'] {
	const loaded = load();
	loaded.findingsById ??= new Map(loaded.data.findings.map((entry) => [entry.id, entry.findings]));
	const findings = loaded.findingsById.get(id);
	if (findings === undefined) throw new Error(`No findings for service "${id}" in the report.`);
	return findings;
}

/** The widgets a page shows: the team's own list when configured, else the default for the page type. */
export function widgetsFor(page: 'service' | 'team', teamId: string | null): Report['widgets']['service'] {
	const { widgets } = load().data.report;
	const own = teamId === null ? undefined : widgets.teams[teamId]?.[page];
	return own ?? widgets[page];
}
