// The steps the commands share: load settings, catalog and rubric, then score.
import type { Rubric } from '../../rubrics/schema.ts';
import type { Waiver } from '../../catalog/schema/waiver.ts';
import { resolveSettings, type SettingFlags, type Settings } from '../lib/config/load.ts';
import { CatalogError, loadCatalog, type Catalog } from '../lib/report/load-catalog.ts';
import { loadWaivers, WAIVERS_FILE } from '../lib/report/load-waivers.ts';
import { validateWaivers } from '../lib/scoring/waivers.ts';
import { loadRubric } from '../lib/report/load-rubric.ts';
import { loadPlugins, type Plugins } from './plugins.ts';
import { scoreCatalog, type ScoreResult } from '../lib/scoring/score.ts';
import { unmeasuredSources, type UnmeasuredSource } from '../lib/scoring/unmeasured.ts';

export interface Scored {
	settings: Settings;
	catalog: Catalog;
	rubric: Rubric;
	scores: ScoreResult;
	waivers: Waiver[];
	/** Sources that measured nothing (their checks are unknown, "Not measured"). */
	unmeasured: UnmeasuredSource[];
	plugins: Plugins;
}

export async function loadAndScore(flags: SettingFlags, now: Date, cwd?: string): Promise<Scored> {
	const settings = await resolveSettings(flags, cwd);
	const plugins = await loadPlugins(settings.plugins, settings.configFile, cwd ?? process.cwd());
	const [catalog, rubric, waivers] = await Promise.all([loadConfiguredCatalog(settings), loadPluginRubric(settings, plugins), loadWaivers(settings.catalog)]);
	const problems = validateWaivers(waivers, new Set(catalog.services.map((service) => service.id)), new Set(rubric.checks.map((check) => check.id)));
	if (problems.length > 0) throw new CatalogError(settings.catalog, problems.map((problem) => `${WAIVERS_FILE}: ${problem}`));
	const unmeasured = unmeasuredSources(catalog.meta, catalog.services);
	const scores = scoreCatalog({ ...scoringInputs(settings, catalog, unmeasured, plugins), rubric, now, waivers });
	return { settings, catalog, rubric, scores, waivers, unmeasured, plugins };
}

/** The configured catalog, its activity joined from where `activity.commit` keeps it. */
export function loadConfiguredCatalog(settings: Settings): Promise<Catalog> {
	return loadCatalog(settings.catalog, { activityDirectory: settings.activityDirectory });
}

/** The configured rubric, with the plugins' evaluators and facts known to it. */
export function loadPluginRubric(settings: Settings, plugins: Plugins, location: string = settings.rubric): Promise<Rubric> {
	return loadRubric(location, plugins.evaluatorsByName, { pluginFacts: plugins.factSchemas });
}

/** What every scoring of this catalog shares, whatever the rubric: services, teams, sources not measured, the unknown policy. */
export function scoringInputs(settings: Settings, catalog: Catalog, unmeasured: readonly UnmeasuredSource[], plugins: Plugins) {
	return {
		services: catalog.services,
		teams: catalog.teams,
		systems: catalog.systems,
		domains: catalog.domains,
		evaluators: plugins.evaluatorsByName,
		notMeasured: new Map(unmeasured.map((source) => [source.namespace, source])),
		sourceNames: new Map((catalog.meta?.collectors ?? []).map((collector) => [collector.id, collector.source])),
		unknownPolicy: settings.scoring.unknown,
	};
}

/** `--now` as a Date, or the current time. Throws a usage error on an unparsable value. */
export function parseNow(value: string | undefined): Date {
	if (value === undefined) return new Date();
	const parsed = new Date(value);
	if (Number.isNaN(parsed.getTime())) throw new UsageError(`--now "${value}" is not an ISO date; use e.g. 2026-12-01 or 2026-12-01T09:00:00Z.`);
	return parsed;
}

/** Bad input from the user: exit code 2 with the message. */
export class UsageError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UsageError';
	}
}
