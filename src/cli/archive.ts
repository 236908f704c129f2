// Versioned reports: each build is also rendered as an immutable copy at `/reports/<date>-<sha>/`,
// kept in an archive directory that the scheduled CI job carries from run to run (see the
// templates in src/templates/ci/). The newest `keepReports` copies are published; older ones are
// deleted from the archive.
import { cp, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { runGit } from '../../catalog/io/git.ts';
import type { ReportReadiness } from '../lib/report/schema.ts';

const REPORT_ID = /^(\d{4}-\d{2}-\d{2})-([0-9a-f]{7,40}|local)$/;

export type ReportEntry = ReportReadiness['reports'][number];

export interface ArchivePlan {
	directory: string;
	/** This build's entry. */
	current: ReportEntry;
	/** Reports to keep and publish (this one included), newest first. */
	reports: ReportEntry[];
}

export async function planArchive(directory: string, catalogDirectory: string, now: Date, keep: number): Promise<ArchivePlan> {
	const current = await reportId(catalogDirectory, now);
	return { directory, current, reports: await plannedReports(directory, current, keep) };
}

/** `<date>-<short sha>` of the commit the catalog is at, or `<date>-local` outside git. */
export async function reportId(catalogDirectory: string, now: Date): Promise<ReportEntry> {
	const date = now.toISOString().slice(0, 10);
	try {
		const commit = (await runGit(catalogDirectory, ['rev-parse', '--short=7', 'HEAD'], { timeoutMs: 10_000 })).toString('utf8').trim();
		if (/^[0-9a-f]{7,40}$/.test(commit)) return { id: `${date}-${commit}`, date, commit };
	} catch {
		// Not a git checkout (or no commit yet): the report is still archived, without a commit.
	}
	return { id: `${date}-local`, date, commit: null };
}

/** Reports in the archive plus the new one, newest first, bounded by `keep`. */
export async function plannedReports(archive: string, current: ReportEntry, keep: number): Promise<ReportEntry[]> {
	const names = await readdir(archive).catch(() => [] as string[]);
	const entries = new Map<string, ReportEntry>();
	for (const name of names) {
		const match = REPORT_ID.exec(name);
		if (match !== null) entries.set(name, { id: name, date: match[1]!, commit: match[2] === 'local' ? null : match[2]! });
	}
	entries.set(current.id, current);
	return [...entries.values()].sort((a, b) => (a.date !== b.date ? (a.date < b.date ? 1 : -1) : a.id === current.id ? -1 : b.id === current.id ? 1 : a.id < b.id ? 1 : -1)).slice(0, keep);
}

/** Deletes archived reports that are no longer kept; leaves other files alone. */
export async function pruneArchive(archive: string, kept: readonly ReportEntry[]): Promise<string[]> {
	const keep = new Set(kept.map((entry) => entry.id));
	const removed: string[] = [];
	for (const name of await readdir(archive).catch(() => [] as string[])) {
		if (REPORT_ID.test(name) && !keep.has(name)) {
			await rm(path.join(archive, name), { recursive: true, force: true });
			removed.push(name);
		}
	}
	return removed.sort();
}

/** Copies the kept reports into `<site>/reports/`. */
export async function publishArchive(archive: string, kept: readonly ReportEntry[], site: string): Promise<void> {
	await mkdir(path.join(site, 'reports'), { recursive: true });
	for (const entry of kept) {
		await cp(path.join(archive, entry.id), path.join(site, 'reports', entry.id), { recursive: true });
	}
}
