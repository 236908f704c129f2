// Resolves the settings of one run: built-in defaults < shipshape.config.yaml < command-line flags.
// Relative paths in the file resolve against the file's directory, flags against the working one.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from './package-root.ts';
import { DEFAULT_DISCOVERY, type DiscoverySettings } from '../../../collectors/discovery/settings.ts';
import type { CollectSettings } from '../../../collectors/run.ts';

export { DEFAULT_DISCOVERY, type DiscoverySettings };
import type { UnknownPolicy } from '../scoring/levels.ts';
import { parseAuthoredYaml } from '../../../catalog/format/authored-yaml.ts';
import type { CampaignDefinition, GoalDefinition } from '../history/goals.ts';
import { QUALITY_RULES, unknownRules, type Severities } from '../quality/index.ts';
import { COLLECTOR_ALIASES, ShipshapeConfig, type TeamConfig, type WidgetConfig, type WidgetsConfig } from './schema.ts';


/** The Shipshape installation itself (where its default rubric and site sources live). */
export { PACKAGE_ROOT };
export const CONFIG_FILE_NAME = 'shipshape.config.yaml';

export interface Settings {
	configFile: string | null;
	repo: string;
	inventory: string | null;
	/** Where `repo` and `inventory` were set, for error messages ("--repo", "repo: in shipshape.config.yaml"). */
	origins: { repo: string; inventory: string };
	catalog: string;
	rubric: string;
	out: string;
	/** Shipshape's caches and temporary build files (git-ignored): `.shipshape` next to the config. */
	cacheDirectory: string;
	/** Where activity records go when they are not committed (`activity.commit: false`); null: `<catalog>/activity/`. */
	activityDirectory: string | null;
	site: { title: string; base: string; embedOrigins: string[]; widgets: ResolvedWidgets; guides: string };
	teams: TeamConfig[];
	systems: NonNullable<ShipshapeConfig['systems']>;
	domains: NonNullable<ShipshapeConfig['domains']>;
	discovery: DiscoverySettings;
	serviceKeys: string[];
	/** The configuration file's directory (the working one without a file): collectors' relative paths start here. */
	configDirectory: string;
	/** `--offline`: collectors make no network calls (the code host's API). */
	offline: boolean;
	history: { maxCommits: number; sinceDays: number; snapshots: string | null; keepReports: number; archive: string | null };
	collect: CollectSettings;
	/** `merge.idClashes`: an id two repositories claim → the repository that keeps it. */
	merge: { idClashes: Record<string, string> };
	scoring: { unknown: UnknownPolicy };
	/** Severity per data-quality rule, as configured (the rules' defaults apply to the others). */
	quality: Severities;
	/** `plugins:` entries as written (resolved against the config file's directory when loaded). */
	plugins: string[];
	/** `collectors:` sections as written; the runner validates each with its collector's schema. */
	collectorSettings: Record<string, unknown>;
	goals: GoalDefinition[];
	campaigns: CampaignDefinition[];
}



export interface ResolvedWidgets {
	service: WidgetConfig[];
	team: WidgetConfig[];
	teams: Record<string, { service?: WidgetConfig[]; team?: WidgetConfig[] }>;
}

export const DEFAULT_WIDGETS: ResolvedWidgets = {
	service: ['failing-checks', 'level-summary', 'dependencies', 'open-pull-requests', 'open-issues'].map((type) => ({ type }) as WidgetConfig),
	team: ['level-summary', 'failing-checks', 'open-pull-requests', 'open-issues'].map((type) => ({ type }) as WidgetConfig),
	teams: {},
};

export const DEFAULT_SERVICE_KEYS = ['service', 'app.kubernetes.io/name', 'app', 'app.kubernetes.io/part-of'];

export interface SettingFlags {
	offline?: boolean;
	config?: string;
	repo?: string;
	inventory?: string;
	catalog?: string;
	rubric?: string;
	out?: string;
	allowShrink?: boolean;
}

export class ConfigError extends Error {
	readonly problems: string[];
	constructor(problems: string[]) {
		super(`Configuration error:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
		this.name = 'ConfigError';
		this.problems = problems;
	}
}

export async function resolveSettings(flags: SettingFlags, cwd: string = process.cwd()): Promise<Settings> {
	const configFile = flags.config !== undefined ? path.resolve(cwd, flags.config) : findDefaultConfig(cwd);
	let config: ShipshapeConfig = {};
	if (configFile !== null) {
		let text: string;
		try {
			text = await readFile(configFile, 'utf8');
		} catch (error) {
			throw new ConfigError([`${configFile}: cannot read (${(error as NodeJS.ErrnoException).code ?? error}); check the --config path.`]);
		}
		const parsed = parseAuthoredYaml(configFile, text, ShipshapeConfig);
		if (!parsed.ok) throw new ConfigError(parsed.problems);
		config = parsed.value;
	}
	const base = configFile === null ? cwd : path.dirname(configFile);
	const pick = (flag: string | undefined, fromFile: string | undefined, fallback: string): string =>
		flag !== undefined ? path.resolve(cwd, flag) : fromFile !== undefined ? path.resolve(base, fromFile) : fallback;
	const inventoryFlag = flags.inventory ?? undefined;
	return {
		configFile,
		repo: pick(flags.repo, config.repo, base),
		origins: {
			repo: flags.repo !== undefined ? '--repo' : config.repo !== undefined ? `repo: in ${configFile}` : `the default repo (the directory of ${configFile ?? 'the current directory'})`,
			inventory: inventoryFlag !== undefined ? '--inventory' : `inventory: in ${configFile}`,
		},
		inventory:
			inventoryFlag !== undefined ? path.resolve(cwd, inventoryFlag) : config.inventory !== undefined ? path.resolve(base, config.inventory) : null,
		catalog: pick(flags.catalog, config.catalog, path.join(base, 'catalog')),
		// `default` names the rubric shipped with Shipshape (what an overlay's `extends: default` means too).
		rubric: (flags.rubric ?? config.rubric) === 'default' ? path.join(PACKAGE_ROOT, 'rubrics') : pick(flags.rubric, config.rubric, path.join(PACKAGE_ROOT, 'rubrics')),
		out: pick(flags.out, config.out, path.join(base, 'dist')),
		cacheDirectory: path.resolve(base, config.cache ?? '.shipshape'),
		activityDirectory: config.activity?.commit === false ? path.join(path.resolve(base, config.cache ?? '.shipshape'), 'activity') : null,
		site: {
			title: config.site?.title ?? 'Production readiness',
			base: config.site?.base ?? '/',
			embedOrigins: (config.site?.embedOrigins ?? []).map((origin) => new URL(origin).origin),
			widgets: resolveWidgets(config.site?.widgets, configFile ?? CONFIG_FILE_NAME, (config.site?.embedOrigins ?? []).map((origin) => new URL(origin).origin), (config.teams ?? []).map((team) => team.id)),
			guides: config.site?.guides !== undefined ? path.resolve(base, config.site.guides) : path.join(PACKAGE_ROOT, 'src/content/guides'),
		},
		teams: config.teams ?? [],
		systems: config.systems ?? [],
		domains: config.domains ?? [],
		serviceKeys: config.serviceKeys ?? DEFAULT_SERVICE_KEYS,
		history: {
			maxCommits: config.history?.maxCommits ?? 200,
			sinceDays: config.history?.sinceDays ?? 365,
			snapshots: config.history?.snapshots !== undefined ? path.resolve(base, config.history.snapshots) : null,
			keepReports: config.history?.keepReports ?? 30,
			archive: config.history?.archive !== undefined ? path.resolve(base, config.history.archive) : null,
		},
		scoring: { unknown: config.scoring?.unknown ?? 'blocks' },
		quality: qualitySeverities(config.quality?.rules ?? {}, configFile ?? 'configuration'),
		plugins: config.plugins ?? [],
		collectorSettings: withAliases(config),
		collect: {
			allowShrink: flags.allowShrink === true || config.collect?.allowShrink === true,
			shrinkLimit: { share: config.collect?.shrinkLimit?.share ?? 0.2, services: config.collect?.shrinkLimit?.services ?? 5 },
		},
		merge: { idClashes: config.merge?.idClashes ?? {} },
		goals: (config.goals ?? []).map((goal) => ({ ...goal, scope: goal.scope ?? {} })),
		campaigns: (config.campaigns ?? []).map((campaign) => ({ ...campaign, scope: campaign.scope ?? {}, draft: campaign.draft ?? false })),
		configDirectory: base,
		offline: flags.offline === true,
		discovery: {
			include: config.discovery?.include ?? DEFAULT_DISCOVERY.include,
			exclude: config.discovery?.exclude ?? DEFAULT_DISCOVERY.exclude,
			roots: config.discovery?.roots ?? DEFAULT_DISCOVERY.roots,
			stripSuffixes: config.discovery?.stripSuffixes ?? DEFAULT_DISCOVERY.stripSuffixes,
			history: { ...DEFAULT_DISCOVERY.history, ...config.discovery?.history },
			codeownersDialect: config.codeowners?.dialect ?? null,
		},
	};
}

/** Widgets with defaults filled in; an embed from an origin not allowed is a configuration error. */
function resolveWidgets(widgets: WidgetsConfig | undefined, file: string, origins: readonly string[], teamIds: readonly string[]): ResolvedWidgets {
	const problems: string[] = [];
	const check = (list: readonly WidgetConfig[] | undefined, where: string) => {
		for (const [index, widget] of (list ?? []).entries()) {
			if (widget.type !== 'embed') continue;
			const origin = new URL(widget.url.replace(/\{(service|team)\}/g, 'x')).origin;
			if (!origins.includes(origin)) problems.push(`${file}: ${where}[${index}].url: origin ${origin} is not in site.embedOrigins; add it there or remove the widget.`);
		}
	};
	check(widgets?.service, 'site.widgets.service');
	check(widgets?.team, 'site.widgets.team');
	for (const [team, lists] of Object.entries(widgets?.teams ?? {})) {
		if (teamIds.length > 0 && !teamIds.includes(team)) problems.push(`${file}: site.widgets.teams.${team}: no team "${team}" in teams; use one of ${teamIds.join(', ')}.`);
		check(lists.service, `site.widgets.teams.${team}.service`);
		check(lists.team, `site.widgets.teams.${team}.team`);
	}
	if (problems.length > 0) throw new ConfigError(problems);
	return { service: widgets?.service ?? DEFAULT_WIDGETS.service, team: widgets?.team ?? DEFAULT_WIDGETS.team, teams: widgets?.teams ?? {} };
}

function findDefaultConfig(cwd: string): string | null {
	const candidate = path.join(cwd, CONFIG_FILE_NAME);
	return existsSync(candidate) ? candidate : null;
}

/**
 * `collectors.<id>:` sections, with the top-level spellings some built-in collectors also answer to
 * (`github:`, `kubernetes:`); where both are written, keys under `collectors.<id>` win.
 */
function withAliases(config: ShipshapeConfig): Record<string, unknown> {
	const sections: Record<string, unknown> = { ...(config.collectors ?? {}) };
	for (const [alias, id] of Object.entries(COLLECTOR_ALIASES)) {
		const written = config[alias as keyof typeof COLLECTOR_ALIASES];
		if (written === undefined) continue;
		const own = sections[id];
		sections[id] = { ...written, ...(typeof own === 'object' && own !== null ? own : {}) };
	}
	return sections;
}

/** `quality.rules`, refused when it names a rule that does not exist. */
function qualitySeverities(rules: Severities, file: string): Severities {
	const unknown = unknownRules(rules);
	if (unknown.length > 0) throw new ConfigError([`${file}: quality.rules: no rule ${unknown.map((id) => `"${id}"`).join(', ')}; the rules are ${QUALITY_RULES.map((rule) => rule.id).join(', ')}.`]);
	return rules;
}
