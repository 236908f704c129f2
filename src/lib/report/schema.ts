// The report: everything the site's pages need, precomputed by `buildReport` and read back (with
// validation) by `loadReport`. Pages never compute; they render this.
import { z } from 'zod';
import { Finding, OUTCOMES } from '../scoring/model.ts';
import { Evidence, InputError, Link } from '../../../catalog/schema/common.ts';
import { DiscoveryReport } from '../../../catalog/schema/discovery.ts';
import { QualityReport } from '../../../catalog/schema/quality.ts';
import { EntityReference, ServiceChanges, SuggestedOwner } from '../../../catalog/schema/service.ts';
import { CATEGORIES, LevelDefinition } from '../../../rubrics/schema.ts';

const Level = z.string().nullable();

/** A check that blocks services from their next level, and which of them its fix alone would raise. */
const TopFix = z.object({
	checkId: z.string(),
	name: z.string(),
	raises: z.number().int().nonnegative().meta({ description: 'Services for which this is the only blocker: fixing it raises them a level.' }),
	raised: z.array(z.string()).meta({ description: 'Those services, by id.' }),
	blocks: z.number().int().nonnegative().meta({ description: 'Services it blocks (alone or with other checks).' }),
});
const LevelCounts = z.record(z.string(), z.number().int().nonnegative());

/** A finding as scoring made it: one shape from the evaluator to the page. */
export const ReportFinding = Finding;
export type ReportFinding = Finding;

export const ReportSource = z.object({
	host: z.enum(['github', 'gitlab']),
	webUrl: z.string().meta({ description: 'The repository on the web, e.g. https://github.com/acme/monorepo.' }),
	commit: z.string(),
	prefix: z.string().meta({ description: 'The monorepo\'s directory inside the git repository ("" at its root, else ending in /).' }),
});
export type ReportSource = z.infer<typeof ReportSource>;

export const ReportService = z.object({
	id: z.string(),
	name: z.string(),
	description: z.string().nullable(),
	path: z.string().nullable(),
	/** The repository (owner/name) in catalogs merged from fragments; absent in a monorepo's. */
	repository: z.string().optional(),
	/** Where this service's evidence files link to when it has a repository of its own; else the report's `source`. */
	source: ReportSource.nullable().optional(),
	registered: z.boolean(),
	aliases: z.array(z.string()),
	owner: z.string().nullable(),
	ownerTeam: z.string().nullable().meta({ description: 'Team id when the owner is a known team (for links).' }),
	owners: z.array(z.string()),
	ownerSource: z.string().nullable(),
	suggestedOwners: z.array(SuggestedOwner),
	/** Past changes from git history; null when it could not be read (absent in catalogs from before 0.2). */
	changes: ServiceChanges.nullable().optional(),
	language: z.string().nullable(),
	tier: z.number().nullable(),
	lifecycle: z.string().nullable(),
	tags: z.array(z.string()),
	links: z.array(Link),
	dependsOn: z.array(z.string()),
	dependents: z.array(z.string()),
	system: z.string().nullable().optional(),
	domain: z.string().nullable().optional(),
	resources: z.array(EntityReference).optional(),
	apis: z.object({ provides: z.array(EntityReference), consumes: z.array(EntityReference) }).optional(),
	errors: z.array(InputError),
	level: Level,
	nextLevel: Level,
	blocking: z.array(z.string()),
	score: z.number(),
	categories: z.record(z.string(), Level),
	/** Failing check ids (for filters and team pages); the findings themselves are in ServiceFindings. */
	failing: z.array(z.string()),
	activity: z
		.object({
			pullRequests: z.array(z.object({ number: z.number(), title: z.string(), author: z.string().nullable(), createdAt: z.string(), draft: z.boolean(), url: z.string() })).nullable(),
			issues: z.array(z.object({ number: z.number(), title: z.string(), author: z.string().nullable(), createdAt: z.string(), url: z.string() })).nullable(),
			/** Why pull requests or issues are missing, when they are. */
			reason: z.string().nullable(),
		})
		.meta({ description: 'Open pull requests and issues from the GitHub collector, for the widgets.' }),
});
export type ReportService = z.infer<typeof ReportService>;

/**
 * The findings of one service, stored apart from the report (one JSON line per service) and read
 * only by that service's page: at 20,000 services × 40 checks they are most of the data, and
 * keeping them out of the shared report keeps the build's memory and garbage collection small.
 */
export const ServiceFindings = z.object({
	id: z.string(),
	findings: z.array(ReportFinding),
});
export type ServiceFindings = z.infer<typeof ServiceFindings>;

export const ReportTeam = z.object({
	id: z.string(),
	name: z.string(),
	description: z.string().nullable(),
	members: z.array(z.string()),
	services: z.array(z.string()),
	serviceCount: z.number(),
	levelCounts: LevelCounts,
	score: z.number(),
	rank: z.number().int().positive(),
	categories: z.record(z.string(), Level).meta({ description: 'Per category, the level every service of the team holds (the lowest).' }),
	topFixes: z
		.array(TopFix)
		.meta({ description: 'The checks blocking the team\'s services: those whose fix alone would raise most services a level first (raises, with the services), then those that block most (blocks).' }),
	blockers: z
		.array(TopFix)
		.default([])
		.meta({ description: 'The checks that block most of the team\'s services, whether or not fixing one alone raises a service.' }),
	backlog: z
		.array(z.object({ key: z.string(), service: z.string(), check: z.string(), checkName: z.string(), level: z.string(), points: z.number(), raisesLevel: z.boolean() }))
		.default([])
		.meta({ description: 'The first items of the team\'s readiness backlog (`shipshape backlog`), best value per point first.' }),
});
export type ReportTeam = z.infer<typeof ReportTeam>;

export const ReportCheck = z.object({
	id: z.string(),
	name: z.string(),
	question: z.string().nullable(),
	level: z.string(),
	category: z.enum(CATEGORIES),
	description: z.string(),
	remediation: z.string(),
	logic: z.string().meta({ description: 'The logic in plain words.' }),
	scope: z.string().nullable().meta({ description: 'The applicability filter in plain words, or null.' }),
	outcomeCounts: z.record(z.string(), z.number()),
	passRate: z.number().nullable().meta({ description: 'Share of applicable services passing, 0..100; null when none applies.' }),
	failing: z.array(z.string()),
	guide: z.string().nullable(),
	enforcedFrom: z.string().nullable().meta({ description: 'Staged rollout: the day the check starts to count, or null.' }),
});
export type ReportCheck = z.infer<typeof ReportCheck>;

/** A widget ready to render: Markdown is already HTML (raw HTML in it escaped, links http(s) only). */
export const ReportWidget = z.discriminatedUnion('type', [
	z.object({ type: z.enum(['level-summary', 'failing-checks', 'dependencies', 'open-pull-requests', 'open-issues']) }),
	z.object({ type: z.literal('embed'), url: z.string(), title: z.string(), height: z.number() }),
	z.object({ type: z.literal('markdown'), title: z.string().nullable(), html: z.string() }),
]);
export type ReportWidget = z.infer<typeof ReportWidget>;

export const ReportWidgets = z.object({
	service: z.array(ReportWidget),
	team: z.array(ReportWidget),
	teams: z.record(z.string(), z.object({ service: z.array(ReportWidget).optional(), team: z.array(ReportWidget).optional() })),
});
export type ReportWidgets = z.infer<typeof ReportWidgets>;

const TrendPoint = z.object({ date: z.string(), score: z.number().nullable(), rubricChanged: z.boolean() });

/** What changed between two snapshots: level moves, checks that started failing, services added and removed. */
const Changes = z.object({
	date: z.string().nullable().meta({ description: 'Date of the earlier snapshot, or null when there is none.' }),
	moves: z.array(z.object({ service: z.string(), from: z.string().nullable(), to: z.string().nullable(), direction: z.enum(['up', 'down']) })),
	newFailures: z.array(z.object({ service: z.string(), check: z.string() })).meta({ description: 'Checks that fail now and passed (or did not apply) in the earlier snapshot; services in both.' }),
	added: z.array(z.string()),
	removed: z.array(z.string()),
});
const NO_CHANGES = { date: null, moves: [], newFailures: [], added: [], removed: [] };

/** Continuous readiness: trends from history, goals, campaigns and waivers. */
export const ReportReadiness = z.object({
	trends: z.object({
		organisation: z.array(TrendPoint),
		teams: z.record(z.string(), z.array(TrendPoint)),
		systems: z.record(z.string(), z.array(TrendPoint)).default({}),
		domains: z.record(z.string(), z.array(TrendPoint)).default({}),
		services: z.record(z.string(), z.array(TrendPoint)),
	}),
	sincePrevious: Changes.default(NO_CHANGES).meta({ description: 'What changed since the previous build\'s snapshot.' }),
	sinceWeek: Changes.default(NO_CHANGES).meta({ description: 'What changed since the latest snapshot at least 7 days old (the weekly review).' }),
	changes: z
		.array(Changes.extend({ to: z.string() }))
		.default([])
		.meta({ description: 'Level moves and new failures between consecutive snapshots, newest first (the feeds\' entries); `date` is the earlier snapshot, `to` the later.' }),
	mostImproved: z.array(z.object({ team: z.string(), change: z.number() })),
	goals: z.array(
		z.object({
			id: z.string(),
			title: z.string(),
			level: z.string(),
			target: z.number(),
			due: z.string(),
			inScope: z.number(),
			atLevel: z.number(),
			share: z.number(),
			met: z.boolean(),
			projectedDate: z.string().nullable(),
			onTrack: z.boolean(),
			holdingBack: z.array(z.string()),
			series: z.array(z.object({ date: z.string(), share: z.number() })),
		}),
	),
	campaigns: z.array(
		z.object({
			id: z.string(),
			title: z.string(),
			description: z.string().nullable(),
			checks: z.array(z.string()),
			start: z.string(),
			due: z.string(),
			state: z.enum(['draft', 'scheduled', 'in progress', 'delayed', 'ended']),
			inScope: z.number(),
			passing: z.number(),
			remaining: z.array(z.string()),
			burnUp: z.array(z.object({ date: z.string(), passing: z.number(), total: z.number() })),
		}),
	),
	waivers: z.array(
		z.object({ service: z.string(), check: z.string(), reason: z.string(), ticket: z.string(), approver: z.string(), expires: z.string(), state: z.enum(['active', 'expired', 'unused']) }),
	),
	historyProblems: z.array(z.string()),
	/** Versioned reports kept under /reports/, newest first. */
	reports: z.array(z.object({ id: z.string(), date: z.string(), commit: z.string().nullable() })),
	/** Set on the immutable copy of a build: its id and the path of the latest report. */
	archived: z.object({ id: z.string(), latest: z.string() }).nullable(),
});
export type ReportReadiness = z.infer<typeof ReportReadiness>;

export const EMPTY_READINESS: ReportReadiness = { trends: { organisation: [], teams: {}, systems: {}, domains: {}, services: {} }, sincePrevious: NO_CHANGES, sinceWeek: NO_CHANGES, changes: [], mostImproved: [], goals: [], campaigns: [], waivers: [], historyProblems: [], reports: [], archived: null };

export const CollectorDoc = z.object({
	id: z.string(),
	version: z.number(),
	description: z.string(),
	source: z.string(),
	howToEnable: z.string(),
	env: z.array(z.string()),
	/** The collector's README rendered to HTML (raw HTML in it is shown as text; links are checked). */
	readmeHtml: z.string(),
	facts: z.array(z.object({ name: z.string(), type: z.string(), description: z.string() })),
});
export type CollectorDoc = z.infer<typeof CollectorDoc>;

/** A system's or domain's page: the level all its services reach, their spread, and the fixes that would raise them. */
const ReportGroup = z.object({
	id: z.string(),
	name: z.string(),
	description: z.string().nullable(),
	owner: z.string().nullable(),
	ownerTeam: z.string().nullable().meta({ description: 'Team id when the owner is a known team (for links).' }),
	services: z.array(z.string()),
	serviceCount: z.number(),
	levelCounts: LevelCounts,
	score: z.number(),
	level: Level.meta({ description: 'The level every one of its services reaches.' }),
	categories: z.record(z.string(), Level).meta({ description: 'Per category, the level every service holds (the lowest).' }),
	topFixes: z
		.array(TopFix)
		.meta({ description: 'Checks that would raise services a level if fixed (only those that raise one), most raised first.' }),
	evidence: z.array(Evidence),
});

export const ReportSystem = ReportGroup.extend({ domain: z.string().nullable() });
export type ReportSystem = z.infer<typeof ReportSystem>;
export const ReportDomain = ReportGroup.extend({ systems: z.array(z.string()) });
export type ReportDomain = z.infer<typeof ReportDomain>;

/** The code host and commit that evidence files link to (see source-location.ts). */

export const Report = z.object({
	source: ReportSource.nullable().default(null).meta({ description: 'Where evidence files link to; null shows them as plain text.' }),
	generatedAt: z.string().meta({ description: 'Build time: the one timestamp allowed in the output.' }),
	title: z.string(),
	contentSecurityPolicy: z.string().meta({ description: 'The policy every page declares in a <meta http-equiv> (see content-security.ts).' }),
	unknownPolicy: z.enum(['blocks', 'ignored']).meta({ description: 'Whether unknown findings block levels (scoring.unknown).' }),
	notMeasured: z
		.array(z.object({ source: z.string(), reason: z.string(), howToEnable: z.string(), checks: z.array(z.object({ id: z.string(), name: z.string() })) }))
		.meta({ description: 'Sources that measured nothing, with the checks they leave unknown and how to enable them.' }),
	rubricVersion: z.string(),
	levels: z.array(LevelDefinition),
	organisation: z.object({ serviceCount: z.number(), levelCounts: LevelCounts, score: z.number() }),
	lagging: z
		.array(z.object({ team: z.string(), name: z.string(), score: z.number(), serviceCount: z.number(), blocker: TopFix.nullable() }))
		.default([])
		.meta({ description: 'The three teams with the lowest mean score (of those with services), each with the check that blocks most of its services.' }),
	services: z.array(ReportService),
	teams: z.array(ReportTeam),
	systems: z.array(ReportSystem).default([]),
	quality: QualityReport.extend({
		teams: z.array(z.object({ team: z.string(), services: z.number(), findings: z.number(), completeness: z.number() })),
	}).default({ rules: [], findings: [], teams: [] }),
	domains: z.array(ReportDomain).default([]),
	checks: z.array(ReportCheck),
	discovery: DiscoveryReport,
	collectors: z.array(CollectorDoc).meta({ description: 'Each collector documented from its definition: meta, facts and README.' }),
	widgets: ReportWidgets,
	readiness: ReportReadiness,
});
export type Report = z.infer<typeof Report>;
