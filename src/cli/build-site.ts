// The build pipeline in one place: load config → catalog → score → snapshot and history → report →
// render (with the versioned copy when archiving). The `build` command parses flags, calls this and
// prints its summary.
import path from 'node:path';
import type { Logger } from '../../catalog/io/logger.ts';
import type { SettingFlags } from '../lib/config/load.ts';
import { buildReport, type BuiltReport } from '../lib/report/build.ts';
import type { ReportReadiness } from '../lib/report/schema.ts';
import type { QualityReport } from '../../catalog/schema/quality.ts';
import type { Snapshot } from '../../catalog/schema/snapshot.ts';
import { planArchive, publishArchive, pruneArchive } from './archive.ts';
import { activityFrom, collectorDocs } from './collector-docs.ts';
import { loadAndScore, type Scored } from './pipeline.ts';
import { assembleReadiness, currentSnapshot, snapshotPath, writeSnapshot } from './readiness.ts';
import { renderSite, type RenderedSite } from './site.ts';
import { sourceLocation } from './source-location.ts';
import { runGit } from '../../catalog/io/git.ts';
import { checkQuality } from '../lib/quality/index.ts';
import { writeQuality } from './lint.ts';

export interface BuildSiteOptions {
	flags: SettingFlags;
	now: Date;
	cwd: string;
	/** `--archive`: keep versioned reports in this directory (overrides `history.archive`). */
	archive?: string;
	quiet: boolean;
	log: Logger;
	/** Warnings that do not stop the build (unreadable history). */
	warn: (message: string) => void;
}

export interface BuiltSite {
	serviceCount: number;
	out: string;
	/** The versioned report written, when archiving. */
	report: { id: string; kept: number } | null;
	/** Service pages rendered, and reused from the page cache. */
	pages: RenderedSite;
}

/** The report of a scored catalog, as `build` renders it, without writing anything. */
export async function assembleReport(scored: Scored, now: Date, reports: ReportReadiness['reports'] = []): Promise<{ built: BuiltReport; snapshot: Snapshot; readiness: ReportReadiness; quality: QualityReport }> {
	const { settings, catalog, rubric, scores, plugins } = scored;
	const snapshot = currentSnapshot(scored);
	const readiness = await assembleReadiness(settings, scored, snapshot, now, reports);
	const quality = checkQuality(catalog, settings.quality);
	const built = buildReport({
		catalog,
		rubric,
		scores,
		evaluators: plugins.evaluatorsByName,
		title: settings.site.title,
		generatedAt: now,
		source: await sourceLocation(settings, runGit),
		embedOrigins: settings.site.embedOrigins,
		unmeasured: scored.unmeasured,
		collectors: await collectorDocs(plugins.allCollectors),
		activityOf: activityFrom(plugins.allCollectors),
		widgets: settings.site.widgets,
		readiness,
		quality,
	});
	return { built, snapshot, readiness, quality };
}

export async function buildSite({ flags, now, cwd, archive: archiveFlag, quiet, log, warn }: BuildSiteOptions): Promise<BuiltSite> {
	const scored = await loadAndScore(flags, now, cwd);
	const { settings } = scored;
	const archiveDirectory = archiveFlag !== undefined ? path.resolve(cwd, archiveFlag) : settings.history.archive;
	const archive = archiveDirectory === null ? null : await planArchive(archiveDirectory, settings.catalog, now, settings.history.keepReports);
	const { built, snapshot, readiness, quality } = await assembleReport(scored, now, archive?.reports ?? []);
	await writeSnapshot(snapshotPath(settings), snapshot);
	await writeQuality(settings.catalog, quality);
	for (const problem of readiness.historyProblems) warn(problem);
	const render = { base: settings.site.base, guides: settings.site.guides, quiet, cacheDirectory: settings.cacheDirectory, log, warn };
	if (archive !== null) {
		const { directory, current, reports } = archive;
		// The immutable copy first: the published site then includes it, or nothing changes.
		const copy = { ...built, report: { ...built.report, readiness: { ...readiness, archived: { id: current.id, latest: settings.site.base } } } };
		await renderSite(copy, { ...render, outDir: path.join(directory, current.id), base: `${settings.site.base}reports/${current.id}/` });
		await pruneArchive(directory, reports);
	}
	// The archived copy above renders whole (its base and banner are its own); the site reuses what it can.
	const pages = await renderSite(built, { ...render, outDir: settings.out, pageCache: true, beforePublish: archive === null ? undefined : (staging) => publishArchive(archive.directory, archive.reports, staging) });
	return { serviceCount: built.report.services.length, out: settings.out, report: archive === null ? null : { id: archive.current.id, kept: archive.reports.length }, pages };
}
