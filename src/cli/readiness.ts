// The impure side of continuous readiness: write this build's snapshot into the catalog, read the
// earlier ones (git history plus seeded files), and assemble the report's readiness section.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Snapshot } from '../../catalog/schema/snapshot.ts';
import type { Settings } from '../lib/config/load.ts';
import { commitCatalog } from '../../catalog/io/catalog-transaction.ts';
import { stableStringify } from '../../catalog/format/stable-json.ts';
import { readHistory, type HistoryPoint } from '../lib/history/read.ts';
import { buildReadiness } from '../lib/history/readiness.ts';
import { buildSnapshot } from '../lib/history/snapshot.ts';
import type { ReportReadiness } from '../lib/report/schema.ts';
import { teamOfOwner } from '../lib/scoring/score.ts';
import type { Scored } from './pipeline.ts';
import { UsageError } from './pipeline.ts';

export const SNAPSHOT_FILE = 'snapshot.json';

export function snapshotPath(settings: Settings): string {
	return path.join(settings.catalog, SNAPSHOT_FILE);
}

export function currentSnapshot({ catalog, scores }: Scored): Snapshot {
	return buildSnapshot(scores, catalog.services, teamOfOwner(catalog.teams));
}

/**
 * Writes the snapshot only when a score in it changed: a build on an unchanged organisation leaves
 * the catalog untouched even on a later day (its date alone is no news), so the scheduled job
 * commits nothing. Written through the catalog transaction, so a killed build never leaves half a file.
 */
export async function writeSnapshot(file: string, snapshot: Snapshot): Promise<boolean> {
	const content = stableStringify(snapshot);
	const current = await readFile(file, 'utf8').catch(() => null);
	if (current !== null && withoutDate(current) === withoutDate(content)) return false;
	await commitCatalog(path.dirname(file), { files: new Map([[path.basename(file), content]]) });
	return true;
}

function withoutDate(content: string): string {
	try {
		const { date: _date, ...rest } = JSON.parse(content) as Record<string, unknown>;
		return stableStringify(rest);
	} catch {
		return content;
	}
}

/** Days back that history keeps every check outcome: the previous build and a week ago are compared check by check. */
export const WHOLE_SNAPSHOT_DAYS = 7;

/** Trimmed copies of old snapshots, kept between builds (`.shipshape/history/`; CI caches it with the pages). */
export function historyCacheDirectory(cacheDirectory: string): string {
	return path.join(cacheDirectory, 'history');
}

export async function loadHistoryPoints(settings: Settings, now: Date, keepChecks?: ReadonlySet<string>): Promise<{ points: HistoryPoint[]; problems: string[] }> {
	return readHistory(snapshotPath(settings), { maxCommits: settings.history.maxCommits, sinceDays: settings.history.sinceDays, now, snapshotsDirectory: settings.history.snapshots, keepChecks, wholeForDays: WHOLE_SNAPSHOT_DAYS, cacheDirectory: historyCacheDirectory(settings.cacheDirectory) });
}

/** Goals and campaigns must name levels and checks of the rubric: a typo would silently measure nothing. */
export function validateReadinessConfig(settings: Settings, scored: Scored): void {
	const levels = new Set(scored.rubric.levels.map((level) => level.id));
	const checks = new Set(scored.rubric.checks.map((check) => check.id));
	const problems = [
		...settings.goals.filter((goal) => !levels.has(goal.level)).map((goal) => `goals.${goal.id}.level: "${goal.level}" is not a level of the rubric (${[...levels].join(', ')}).`),
		...settings.campaigns.flatMap((campaign) => campaign.checks.filter((check) => !checks.has(check)).map((check) => `campaigns.${campaign.id}.checks: no check "${check}" in the rubric.`)),
		...settings.campaigns.filter((campaign) => campaign.due < campaign.start).map((campaign) => `campaigns.${campaign.id}: due ${campaign.due} is before start ${campaign.start}.`),
	];
	if (problems.length > 0) throw new UsageError(`configuration: ${problems.join(' ')}`);
}

export async function assembleReadiness(settings: Settings, scored: Scored, current: Snapshot, now: Date, reports: ReportReadiness['reports'] = []): Promise<ReportReadiness> {
	validateReadinessConfig(settings, scored);
	// The site needs per-check outcomes of the past only for campaigns.
	const { points, problems } = await loadHistoryPoints(settings, now, new Set(settings.campaigns.flatMap((campaign) => campaign.checks)));
	return buildReadiness({
		scores: scored.scores,
		services: scored.catalog.services,
		current,
		history: points.map((point) => point.snapshot),
		levels: scored.rubric.levels.map((level) => level.id),
		goals: settings.goals,
		campaigns: settings.campaigns,
		now,
		historyProblems: problems,
		reports,
	});
}
