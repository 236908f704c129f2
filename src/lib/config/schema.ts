// `shipshape.config.yaml`: the file users edit to point Shipshape at their monorepo. Strict, so a
// misspelt key fails with its line instead of being ignored.
import { z } from 'zod';
import { UNKNOWN_POLICIES } from '../scoring/levels.ts';
import { Id } from '../../../catalog/schema/common.ts';
import { COLLECTORS } from '../../../collectors/index.ts';
import { GitHubSettingsSchema } from '../../../collectors/github/settings.ts';
import { K8sManifestsSettings } from '../../../collectors/k8s-manifests/settings.ts';

/**
 * `collectors:`: one section per collector that takes settings, each its collector's own schema
 * (so the config's JSON Schema documents them), plus the user's plugins' sections, which the runner
 * validates with the plugin's schema once plugins are loaded.
 */
const CollectorSections = z
	.object(Object.fromEntries(COLLECTORS.flatMap((collector) => (collector.settings === undefined ? [] : [[collector.id, collector.settings.optional()]]))))
	.catchall(z.unknown())
	.meta({ description: 'Settings of each collector, by collector id: the built-in ones below, and the user\'s plugins (each section validated by that plugin\'s own schema).' });

/** Top-level spellings that built-in collectors also answer to: `github:` is `collectors.github:`. */
export const COLLECTOR_ALIASES = { github: 'github', kubernetes: 'k8s-manifests' } as const;

export const TeamConfig = z
	.strictObject({
		id: Id,
		name: z.string().min(1).optional().meta({ description: 'Display name; defaults to the id.' }),
		description: z.string().optional().meta({ description: 'What the team does.' }),
		members: z.array(z.string()).optional().meta({ description: 'Git author names or e-mails of members (used for owner suggestions).' }),
		aliases: z
			.array(z.string())
			.optional()
			.meta({ description: 'Other handles meaning this team, e.g. "@acme/payments" in CODEOWNERS or "group:default/payments".' }),
	})
	.meta({ description: 'A team, its members and the handles that mean it.' });
export type TeamConfig = z.infer<typeof TeamConfig>;

export const DiscoveryConfig = z
	.strictObject({
		include: z
			.array(z.string())
			.optional()
			.meta({ description: 'Only paths matching one of these globs (relative to the monorepo) are scanned. Default: everything.' }),
		exclude: z
			.array(z.string())
			.optional()
			.meta({ description: 'Paths matching these globs are never scanned, on top of .gitignore and vendored trees.' }),
		roots: z
			.array(
				z.strictObject({
					path: z.string().meta({ description: 'Service root relative to the monorepo.' }),
					name: z.string().optional().meta({ description: 'Service name; defaults to the directory name.' }),
					owner: z.string().optional().meta({ description: 'Owning team.' }),
					tier: z.number().int().min(1).max(4).optional().meta({ description: 'Criticality, 1 = most critical.' }),
				}),
			)
			.optional()
			.meta({ description: 'Explicit service roots, for services without a descriptor that discovery would not infer.' }),
		stripSuffixes: z
			.array(z.string())
			.optional()
			.meta({ description: 'Name suffixes ignored when matching names across sources. Default: ["-service", "-svc"].' }),
		history: z
			.strictObject({
				enabled: z.boolean().optional().meta({ description: 'Suggest owners from git history. Default: true.' }),
				sinceDays: z.number().int().positive().optional().meta({ description: 'Window in days. Default: 365.' }),
				maxCommits: z.number().int().positive().optional().meta({ description: 'At most this many recent commits. Default: 5000.' }),
			})
			.optional()
			.meta({ description: 'Owner suggestions from code activity.' }),
	})
	.meta({ description: 'How services are found in the monorepo.' });
export type DiscoveryConfig = z.infer<typeof DiscoveryConfig>;

export const WIDGET_TYPES = ['level-summary', 'failing-checks', 'dependencies', 'open-pull-requests', 'open-issues', 'embed', 'markdown'] as const;

/** One widget; a bare name such as `failing-checks` is short for `{ type: failing-checks }`. */
export const WidgetConfig = z.preprocess(
	(value) => (typeof value === 'string' ? { type: value } : value),
	z.discriminatedUnion('type', [
		z.strictObject({ type: z.literal('level-summary').meta({ description: 'Level badge, score and levels per category.' }) }),
		z.strictObject({ type: z.literal('failing-checks').meta({ description: 'What blocks the next level (service) or the fixes that raise most services (team).' }) }),
		z.strictObject({ type: z.literal('dependencies').meta({ description: 'What the service depends on and what depends on it.' }) }),
		z.strictObject({ type: z.literal('open-pull-requests').meta({ description: 'Open pull requests (GitHub collector).' }) }),
		z.strictObject({ type: z.literal('open-issues').meta({ description: 'Open issues (GitHub collector).' }) }),
		z.strictObject({
			type: z.literal('embed').meta({ description: 'An embedded page (iframe) from an allowed origin.' }),
			url: z.url({ protocol: /^https?$/ }).meta({ description: 'Page to embed; its origin must be in site.embedOrigins. `{service}` and `{team}` are replaced by ids.' }),
			title: z.string().min(1).meta({ description: 'Title shown above it (and the iframe title for screen readers).' }),
			height: z.number().int().min(100).max(2000).optional().meta({ description: 'Height in pixels. Default: 400.' }),
		}),
		z.strictObject({
			type: z.literal('markdown').meta({ description: 'A Markdown snippet (raw HTML is shown as text).' }),
			title: z.string().optional().meta({ description: 'Heading above it.' }),
			text: z.string().min(1).meta({ description: 'Markdown text.' }),
		}),
	]),
);
export type WidgetConfig = z.infer<typeof WidgetConfig>;

const WidgetList = z.array(WidgetConfig);

export const WidgetsConfig = z
	.strictObject({
		service: WidgetList.optional().meta({ description: 'Widgets on service pages, in order. Default: failing-checks, level-summary, dependencies, open-pull-requests, open-issues.' }),
		team: WidgetList.optional().meta({ description: 'Widgets on team pages, in order. Default: level-summary, failing-checks, open-pull-requests, open-issues.' }),
		teams: z
			.record(z.string(), z.strictObject({ service: WidgetList.optional(), team: WidgetList.optional() }))
			.optional()
			.meta({ description: 'Per team id: widgets for its service pages and its team page, replacing the defaults.' }),
	})
	.meta({ description: 'Which widgets service and team pages show, and in which order.' });
export type WidgetsConfig = z.infer<typeof WidgetsConfig>;

const Scope = z
	.strictObject({
		teams: z.array(z.string()).optional().meta({ description: 'Only services of these teams.' }),
		tiers: z.array(z.number().int().min(1).max(4)).optional().meta({ description: 'Only services of these tiers.' }),
	})
	.meta({ description: 'Which services count; all when empty.' });

export const GoalConfig = z
	.strictObject({
		id: Id,
		title: z.string().min(1).meta({ description: 'What the goal says, e.g. "80% of tier-1 services at Silver".' }),
		level: z.string().min(1).meta({ description: 'Level the services must hold.' }),
		share: z.number().gt(0).max(1).meta({ description: 'Share of the services in scope, 0..1.' }),
		due: z.iso.date().meta({ description: 'Target date (YYYY-MM-DD).' }),
		scope: Scope.optional(),
	})
	.meta({ description: 'A readiness goal for the organisation or a team.' });

export const CampaignConfig = z
	.strictObject({
		id: Id,
		title: z.string().min(1).meta({ description: 'Campaign title.' }),
		description: z.string().optional().meta({ description: 'Why the campaign runs.' }),
		checks: z.array(z.string().min(1)).min(1).meta({ description: 'Check ids the campaign drives (often checks with `enforcedFrom` on the due date).' }),
		scope: Scope.optional(),
		start: z.iso.date().meta({ description: 'First day.' }),
		due: z.iso.date().meta({ description: 'Target date; after it an unfinished campaign is delayed.' }),
		draft: z.boolean().optional().meta({ description: 'Not announced yet.' }),
	})
	.meta({ description: 'A time-boxed push on a set of checks.' });

export const HistoryConfig = z
	.strictObject({
		maxCommits: z.number().int().positive().optional().meta({ description: 'Most commits of catalog/snapshot.json read. Default: 200.' }),
		sinceDays: z.number().int().positive().optional().meta({ description: 'Window in days. Default: 365.' }),
		snapshots: z.string().optional().meta({ description: 'Directory of extra snapshot files (seeded history).' }),
		keepReports: z.number().int().positive().optional().meta({ description: 'Versioned reports kept under /reports/. Default: 30.' }),
		archive: z.string().optional().meta({ description: 'Directory where `build` keeps the versioned reports between runs (CI caches it). Default: none (no versioned reports).' }),
	})
	.meta({ description: 'Score history: snapshots from git and seeded files.' });

export const CollectConfig = z
	.strictObject({
		allowShrink: z.boolean().optional().meta({ description: 'Let `collect` remove more services than `shrinkLimit` allows (same as --allow-shrink). Default: false.' }),
		shrinkLimit: z
			.strictObject({
				share: z.number().min(0).max(1).optional().meta({ description: 'Largest share of the catalog\'s services one collection may remove. Default: 0.2.' }),
				services: z.number().int().min(0).optional().meta({ description: 'A collection may always remove up to this many services, whatever the share. Default: 5.' }),
			})
			.optional()
			.meta({ description: 'When a collection would remove more than `share` of the services and more than `services` of them, it stops and writes nothing (a broken checkout or a mistyped path must not delete the catalog).' }),
	})
	.meta({ description: 'How `collect` guards the catalog.' });

export const MergeConfig = z
	.strictObject({
		idClashes: z
			.record(z.string(), z.string().regex(/^[^\s]+$/, 'Name one repository, e.g. "acme/shop".'))
			.optional()
			.meta({ description: 'For an id that services of two repositories claim: the repository (`owner/name`) whose service keeps the plain id; the others keep theirs qualified with their repository. Without an entry, every claimant is qualified.' }),
	})
	.meta({ description: 'How `shipshape merge` combines per-repository fragments.' });

export const ShipshapeConfig = z
	.strictObject({
		$schema: z.string().optional().meta({ description: 'JSON Schema reference for editors.' }),
		repo: z.string().optional().meta({ description: 'Monorepo root to scan. Default: the directory of this file.' }),
		inventory: z
			.string()
			.optional()
			.meta({ description: 'Directory of cloud inventory exports (Terraform state, kubectl dumps). Default: none.' }),
		catalog: z.string().optional().meta({ description: 'Catalog directory written by `collect`. Default: catalog.' }),
		rubric: z
			.string()
			.optional()
			.meta({ description: 'The rubric: "default" (the one shipped with Shipshape), a rubric directory (levels.yaml + checks/), or an overlay file that extends one (see rubrics/overlay.schema.json). Default: "default".' }),
		out: z.string().optional().meta({ description: 'Site output directory. Default: dist.' }),
		cache: z.string().optional().meta({ description: 'Directory for Shipshape\'s caches and temporary build files; git-ignore it. Default: .shipshape.' }),
		site: z
			.strictObject({
				title: z.string().optional().meta({ description: 'Site title. Default: "Production readiness".' }),
				base: z
					.string()
					.regex(/^\/(?:[\w.-]+\/)*$/, 'Use a path that starts and ends with "/", e.g. "/readiness/".')
					.optional()
					.meta({ description: 'Sub-path the site is served from, e.g. "/readiness/". Default: "/".' }),
				embedOrigins: z
					.array(z.url({ protocol: /^https?$/ }))
					.optional()
					.meta({ description: 'Origins that embed widgets may show, e.g. "https://grafana.acme.example".' }),
				widgets: WidgetsConfig.optional(),
				guides: z.string().optional().meta({ description: 'Directory of Markdown/MDX guides (policy, how to reach a level, FAQ). Default: the guides shipped with Shipshape.' }),
			})
			.optional()
			.meta({ description: 'How the site is published.' }),
		teams: z.array(TeamConfig).optional().meta({ description: 'Teams, their members and aliases.' }),
		systems: z
			.array(
				z.strictObject({
					id: z.string().min(1).meta({ description: 'System id, e.g. "checkout".' }),
					name: z.string().optional().meta({ description: 'Display name.' }),
					description: z.string().optional(),
					owner: z.string().optional().meta({ description: 'Owning team.' }),
					domain: z.string().optional().meta({ description: 'The domain it belongs to.' }),
					services: z
						.array(z.string().min(1))
						.optional()
						.meta({ description: 'Its services: id globs ("checkout-*") or path prefixes ("services/checkout/"). A service\'s own descriptor (`system:`, Backstage `spec.system`) wins.' }),
				}),
			)
			.optional()
			.meta({ description: 'Systems: the services that together deliver one product. Also read from Backstage System entities, OpsLevel `system`, service.yaml `system:`.' }),
		domains: z
			.array(
				z.strictObject({
					id: z.string().min(1).meta({ description: 'Domain id, e.g. "commerce".' }),
					name: z.string().optional(),
					description: z.string().optional(),
					owner: z.string().optional(),
				}),
			)
			.optional()
			.meta({ description: 'Domains: areas of the business that group systems. Also read from Backstage Domain entities and service.yaml `domain:`.' }),
		discovery: DiscoveryConfig.optional(),
		github: GitHubSettingsSchema.optional(),
		plugins: z
			.array(z.string().min(1))
			.optional()
			.meta({ description: 'Your own collectors and evaluators: ES module paths (relative to this file) or package names, each with a default export made with defineCollector or defineEvaluator from \'shipshape/plugin\'.' }),
		collect: CollectConfig.optional(),
		merge: MergeConfig.optional(),
		activity: z
			.strictObject({
				commit: z.boolean().optional().meta({ description: 'Write activity records (open pull requests and issues, deployments, recent commits) to catalog/activity/ to be committed (true, the default), or to the cache directory, outside the tracked tree, for CI to restore (false).' }),
			})
			.optional()
			.meta({ description: 'Where service activity is kept, apart from the service records.' }),
		quality: z
			.strictObject({
				rules: z
					.record(z.string(), z.enum(['off', 'warning', 'error']))
					.optional()
					.meta({ description: 'Severity per catalog data-quality rule id (off, warning, error); `shipshape lint` exits 1 when an `error` rule fails.' }),
			})
			.optional()
			.meta({ description: 'Catalog data quality (`catalog/quality.json`, the Quality page, `shipshape lint`).' }),
		kubernetes: K8sManifestsSettings.optional().meta({ description: 'The same as `collectors.k8s-manifests` (which wins where both are set): which Kustomize overlay is production, and whether the tools render it.' }),
		collectors: CollectorSections.optional(),
		codeowners: z
			.strictObject({
				dialect: z
					.enum(['github', 'gitlab'])
					.optional()
					.meta({ description: 'Whose CODEOWNERS semantics apply: "github" (looked up at .github/, the root, docs/) or "gitlab" (the root, docs/, .gitlab/; sections, optional sections, section default owners). Default: gitlab when .gitlab-ci.yml exists, else github.' }),
			})
			.optional()
			.meta({ description: 'How CODEOWNERS is read.' }),
		scoring: z
			.strictObject({
				unknown: z
					.enum(UNKNOWN_POLICIES)
					.optional()
					.meta({ description: 'Whether `unknown` findings (data missing or not measured) block a level: "blocks" (the default: absence of evidence is not compliance) or "ignored" (levels count only what could be judged).' }),
			})
			.optional()
			.meta({ description: 'How findings count towards levels.' }),
		history: HistoryConfig.optional(),
		goals: z.array(GoalConfig).optional().meta({ description: 'Readiness goals.' }),
		campaigns: z.array(CampaignConfig).optional().meta({ description: 'Time-boxed campaigns.' }),
		serviceKeys: z
			.array(z.string())
			.optional()
			.meta({
				description:
					'Tag and label keys that name the service a cloud resource or workload belongs to, most specific first. Default: service, app.kubernetes.io/name, app, app.kubernetes.io/part-of.',
			}),
	})
	.meta({ title: 'Shipshape configuration', description: 'shipshape.config.yaml' });
export type ShipshapeConfig = z.infer<typeof ShipshapeConfig>;
