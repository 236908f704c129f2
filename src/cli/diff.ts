// `shipshape diff` and `shipshape history`: readiness between two versions of the catalog snapshot,
// or the same catalog under an earlier rubric (impact preview for a pull request that edits rubrics/).
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Snapshot } from '../../catalog/schema/snapshot.ts';
import { diffCatalogs, type CatalogDiff, type CatalogSide } from '../lib/history/catalog-diff.ts';
import { loadCatalog } from '../lib/report/load-catalog.ts';
import { loadWaivers } from '../lib/report/load-waivers.ts';
import { unmeasuredSources } from '../lib/scoring/unmeasured.ts';
import { resolveSettings, type SettingFlags } from '../lib/config/load.ts';
import { diffSnapshots, type SnapshotDiff } from '../lib/history/diff.ts';
import { exportDirectoryAt, readSnapshotAt, type HistoryPoint } from '../lib/history/read.ts';
import { RubricError } from '../lib/report/load-rubric.ts';
import { scoreCatalog } from '../lib/scoring/score.ts';
import { loadAndScore, loadPluginRubric, UsageError, scoringInputs } from './pipeline.ts';
import { loadPlugins } from './plugins.ts';
import { currentSnapshot, snapshotPath } from './readiness.ts';

/** The snapshot at `from` against the one at `to`, or against the working tree scored now. */
export async function diffVersions(flags: SettingFlags, from: string, to: string | undefined, now: Date, cwd: string): Promise<SnapshotDiff> {
	const settings = await resolveSettings(flags, cwd);
	const file = snapshotPath(settings);
	const before = await readAt(file, from);
	let after: Snapshot;
	let levels: string[];
	if (to === undefined) {
		const scored = await loadAndScore(flags, now, cwd);
		after = currentSnapshot(scored);
		levels = scored.rubric.levels.map((level) => level.id);
	} else {
		const snapshot = await readAt(file, to);
		if (snapshot === null) throw new UsageError(`there is no ${path.relative(cwd, file)} at ${to}; the catalog was built with \`shipshape build\` after that revision.`);
		after = snapshot;
		levels = (await loadPluginRubric(settings, await loadPlugins(settings.plugins, settings.configFile, cwd))).levels.map((level) => level.id);
	}
	return diffSnapshots(before, after, levels, { from, to: to ?? 'working tree' });
}

/** Scores the current catalog with the rubric at `revision` and with the current rubric. */
export async function diffRubric(flags: SettingFlags, revision: string, now: Date, cwd: string): Promise<SnapshotDiff> {
	const scored = await loadAndScore(flags, now, cwd);
	const directory = await mkdtemp(path.join(os.tmpdir(), 'shipshape-rubric-'));
	// An overlay file is read with its directory (the extra checks and overlays it names live there).
	const overlay = (await stat(scored.settings.rubric)).isFile();
	const exported = overlay ? path.dirname(scored.settings.rubric) : scored.settings.rubric;
	try {
		let count: number;
		try {
			count = await exportDirectoryAt(exported, revision, directory);
		} catch (error) {
			throw new UsageError(`--rubric-from: ${(error as Error).message}`);
		}
		if (count === 0) throw new UsageError(`--rubric-from: there is no rubric in ${path.relative(cwd, scored.settings.rubric) || '.'} at ${revision}.`);
		let oldRubric;
		try {
			oldRubric = await loadPluginRubric(scored.settings, scored.plugins, overlay ? path.join(directory, path.basename(scored.settings.rubric)) : directory);
		} catch (error) {
			if (error instanceof RubricError) throw new UsageError(`--rubric-from: the rubric at ${revision} does not load: ${error.message.replaceAll(directory, `${revision}:rubric`)}`);
			throw error;
		}
		const { catalog } = scored;
		const oldScores = scoreCatalog({ ...scoringInputs(scored.settings, catalog, scored.unmeasured, scored.plugins), rubric: oldRubric, now, waivers: scored.waivers });
		const before = currentSnapshot({ ...scored, rubric: oldRubric, scores: oldScores });
		return diffSnapshots(before, currentSnapshot(scored), scored.rubric.levels.map((level) => level.id), { from: `rubric at ${revision}`, to: 'current rubric' });
	} finally {
		await rm(directory, { recursive: true, force: true });
	}
}

/**
 * The catalog at `from` against the one at `to` (default: the working tree), in words: what a
 * reviewer of the catalog's commit or pull request reads instead of its JSON diff. Both are scored
 * with the current rubric, so that a level change comes from the catalog, not from the rubric.
 */
export async function diffCatalogVersions(flags: SettingFlags, from: string, to: string | undefined, now: Date, cwd: string): Promise<CatalogDiff> {
	const settings = await resolveSettings(flags, cwd);
	const plugins = await loadPlugins(settings.plugins, settings.configFile, cwd);
	const rubric = await loadPluginRubric(settings, plugins);
	const directory = await mkdtemp(path.join(os.tmpdir(), 'shipshape-catalog-'));
	try {
		const exported = async (revision: string, name: string) => {
			const target = path.join(directory, name);
			let count: number;
			try {
				count = await exportDirectoryAt(settings.catalog, revision, target);
			} catch (error) {
				throw new UsageError(`--catalog-from/--to: ${(error as Error).message}`);
			}
			// No catalog yet at that revision (the first scheduled run): every service is new.
			return count === 0 ? null : target;
		};
		const EMPTY = (label: string): CatalogSide => ({ label, services: [], activity: [], levels: new Map() });
		const side = async (catalogDirectory: string, activityDirectory: string | null, label: string): Promise<CatalogSide> => {
			const catalog = await loadCatalog(catalogDirectory, { activityDirectory });
			const unmeasured = unmeasuredSources(catalog.meta, catalog.services);
			const scores = scoreCatalog({ ...scoringInputs(settings, catalog, unmeasured, plugins), rubric, now, waivers: await loadWaivers(catalogDirectory).catch(() => []) });
			return { label, services: catalog.services, activity: catalog.activity ?? [], levels: new Map(scores.services.map((service) => [service.id, service.level])) };
		};
		const fromDirectory = await exported(from, 'from');
		const before = fromDirectory === null ? EMPTY(from) : await side(fromDirectory, null, from);
		const toDirectory = to === undefined ? settings.catalog : await exported(to, 'to');
		const after = toDirectory === null ? EMPTY(to!) : await side(toDirectory, to === undefined ? settings.activityDirectory : null, to ?? 'working tree');
		return diffCatalogs(before, after);
	} finally {
		await rm(directory, { recursive: true, force: true });
	}
}

async function readAt(file: string, revision: string): Promise<Snapshot | null> {
	try {
		return await readSnapshotAt(file, revision);
	} catch (error) {
		throw new UsageError((error as Error).message);
	}
}

export function historyJson(points: readonly HistoryPoint[], service: string | undefined) {
	return points.map(({ date, commit, snapshot }) => ({
		date,
		commit,
		rubricVersion: snapshot.rubricVersion,
		...(service === undefined ? { organisation: snapshot.organisation, teams: snapshot.teams } : { service: snapshot.services[service] ?? null }),
	}));
}

export function formatHistory(points: readonly HistoryPoint[], service: string | undefined, levels: readonly string[]): string {
	if (points.length === 0) return 'No snapshots yet: `shipshape build` writes catalog/snapshot.json; commit it to start the history.\n';
	const rows = [['DATE', 'COMMIT', 'RUBRIC', service === undefined ? 'SCORE' : 'LEVEL', service === undefined ? 'LEVELS' : 'SCORE']];
	let previousRubric: string | null = null;
	for (const { date, commit, snapshot } of points) {
		const rubric = `${snapshot.rubricVersion.slice(0, 12)}${previousRubric !== null && previousRubric !== snapshot.rubricVersion ? ' *' : ''}`;
		previousRubric = snapshot.rubricVersion;
		if (service === undefined) {
			const counts = ['none', ...levels].map((level) => `${level} ${snapshot.organisation.levelCounts[level] ?? 0}`).join(', ');
			rows.push([date, commit?.slice(0, 7) ?? 'seeded', rubric, String(snapshot.organisation.score), counts]);
		} else {
			const record = snapshot.services[service];
			rows.push([date, commit?.slice(0, 7) ?? 'seeded', rubric, record === undefined ? 'absent' : (record.level ?? 'none'), record === undefined ? '-' : String(record.score)]);
		}
	}
	const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
	const lines = rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  '));
	return `${lines.join('\n')}\n${points.length} snapshot(s); * marks a rubric change.\n`;
}
