// Earlier snapshots: from the repository's own history (`git log` and `git show`, argument arrays,
// bounded by commits and days) and from a directory of snapshot files (seeded history).
import { mkdir, readdir, readFile, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GitError, runGit } from '../../../catalog/io/git.ts';
import { Snapshot } from '../../../catalog/schema/snapshot.ts';


export interface HistoryPoint {
	/** Day of the snapshot. */
	date: string;
	/** Commit it was read from, or null for a snapshot file. */
	commit: string | null;
	snapshot: Snapshot;
}

export interface HistoryOptions {
	maxCommits: number;
	sinceDays: number;
	now: Date;
	/** Directory of extra snapshot files (`*.json`), or null. */
	snapshotsDirectory: string | null;
	/**
	 * Check outcomes to keep per service (campaign checks); others and per-category levels are
	 * dropped after parsing, so a year of snapshots of thousands of services stays small in memory.
	 * Undefined keeps everything.
	 */
	keepChecks?: ReadonlySet<string>;
	/**
	 * Snapshots of the last this many days keep every check outcome whatever `keepChecks` says: the
	 * overview and the digest compare with the previous build and with a week ago check by check.
	 */
	wholeForDays?: number;
}

/** Snapshots of `file` in git history plus seeded files, oldest first, one per day (the latest of the day). */
export async function readHistory(file: string, options: HistoryOptions): Promise<{ points: HistoryPoint[]; problems: string[] }> {
	const problems: string[] = [];
	const points: HistoryPoint[] = [];
	if (options.snapshotsDirectory !== null) points.push(...(await readSnapshotFiles(options.snapshotsDirectory, options, problems)));
	points.push(...(await readGitSnapshots(file, options, problems)));
	const since = windowStart(options).getTime();
	const byDate = new Map<string, HistoryPoint>();
	for (const point of points.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))) {
		if (Date.parse(`${point.date}T00:00:00Z`) < since || Date.parse(`${point.date}T00:00:00Z`) > options.now.getTime()) continue;
		byDate.set(point.date, point);
	}
	return { points: [...byDate.values()], problems };
}

/** First moment of the history window. */
function windowStart(options: HistoryOptions): Date {
	return new Date(options.now.getTime() - options.sinceDays * 86_400_000);
}

/** What decides how much of a snapshot history keeps. */
type TrimOptions = Pick<HistoryOptions, 'keepChecks' | 'wholeForDays' | 'now'>;

/**
 * The snapshot in `text`, validated, with only what history keeps. Trimming happens before
 * validation, so that a year of snapshots of thousands of services validates a few fields per
 * service instead of every check outcome (that validation dominated reading history); whatever
 * is kept is validated all the same, and a malformed file is refused as before.
 */
function parseSnapshot(text: string, options: TrimOptions): ReturnType<typeof Snapshot.safeParse> {
	const raw = JSON.parse(text) as unknown;
	return Snapshot.safeParse(trim(raw, options));
}

function trim(raw: unknown, options: TrimOptions): unknown {
	const { keepChecks, wholeForDays = 0, now } = options;
	if (keepChecks === undefined || raw === null || typeof raw !== 'object') return raw;
	const { date, services } = raw as { date?: unknown; services?: unknown };
	if (typeof date !== 'string' || services === null || typeof services !== 'object') return raw;
	if (Date.parse(`${date}T00:00:00Z`) >= now.getTime() - (wholeForDays + 1) * 86_400_000) return raw;
	const trimmed: Record<string, unknown> = {};
	for (const [id, service] of Object.entries(services)) {
		if (service === null || typeof service !== 'object') {
			trimmed[id] = service;
			continue;
		}
		const { checks, ...rest } = service as { checks?: unknown };
		const kept: Record<string, unknown> = {};
		if (checks !== null && typeof checks === 'object') for (const check of keepChecks) if (Object.hasOwn(checks, check)) kept[check] = (checks as Record<string, unknown>)[check];
		trimmed[id] = { ...rest, categories: {}, checks: kept };
	}
	return { ...(raw as object), services: trimmed };
}

/** The snapshot `file` as it was at `revision`, or null when it did not exist there. */
export async function readSnapshotAt(file: string, revision: string): Promise<Snapshot | null> {
	const location = await gitLocation(file);
	if (location === null) throw new Error(`${file} is not inside a git repository; history needs the catalog committed to git.`);
	try {
		const stdout = await runGit(location.root, ['show', `${revisionArgument(revision)}:${location.relative}`]);
		return Snapshot.parse(JSON.parse(stdout.toString('utf8')));
	} catch (error) {
		const message = error instanceof GitError ? error.stderr || error.message : (error as Error).message;
		if (/exists on disk, but not in|does not exist in|path .* does not exist/i.test(message)) return null;
		if (/unknown revision|bad revision|invalid object name|not a valid object/i.test(message)) throw new Error(`"${revision}" is not a revision of this repository.`);
		throw new Error(`cannot read ${location.relative} at ${revision}: ${message.split('\n')[0]}`);
	}
}

async function readGitSnapshots(file: string, options: HistoryOptions, problems: string[]): Promise<HistoryPoint[]> {
	const location = await gitLocation(file);
	if (location === null) return [];
	let log: string;
	try {
		log = (await runGit(location.root, ['log', `--max-count=${options.maxCommits}`, `--since=${windowStart(options).toISOString()}`, '--format=%H%x1f%cI', '--', location.relative], { maxBytes: 1 << 26 })).toString('utf8');
	} catch {
		return [];
	}
	const points: HistoryPoint[] = [];
	// The newest commit of each day is enough (the history keeps one point per day), and skipping the
	// others before `git show` saves parsing many large files on busy days.
	const newestOfDay = new Map<string, string>();
	for (const line of log.split('\n').filter(Boolean)) {
		const [commit = '', date = ''] = line.split('\u001f');
		const day = new Date(date).toISOString().slice(0, 10);
		if (!newestOfDay.has(day)) newestOfDay.set(day, `${commit}\u001f${date}`);
	}
	for (const entry of newestOfDay.values()) {
		const [commit = '', date = ''] = entry.split('\u001f');
		try {
			const stdout = await runGit(location.root, ['show', `${commit}:${location.relative}`]);
			const parsed = parseSnapshot(stdout.toString('utf8'), options);
			if (parsed.success) points.push({ date: parsed.data.date, commit, snapshot: parsed.data });
			else problems.push(`${location.relative} at ${commit.slice(0, 7)} (${date.slice(0, 10)}) is not a readable snapshot; it was skipped.`);
		} catch {
			// The file was deleted in that commit: nothing to read.
		}
	}
	return points;
}

async function readSnapshotFiles(directory: string, options: TrimOptions, problems: string[]): Promise<HistoryPoint[]> {
	const files = (await readdir(directory).catch(() => [] as string[])).filter((name) => name.endsWith('.json')).sort();
	const points: HistoryPoint[] = [];
	for (const name of files) {
		try {
			const parsed = parseSnapshot(await readFile(path.join(directory, name), 'utf8'), options);
			if (!parsed.success) throw parsed.error;
			points.push({ date: parsed.data.date, commit: null, snapshot: parsed.data });
		} catch (error) {
			problems.push(`${path.join(directory, name)}: not a snapshot (${(error as Error).message.split('\n')[0]}); it was skipped.`);
		}
	}
	return points;
}

/** A revision as given on the command line; one that starts with "-" would be read by git as an option. */
function revisionArgument(revision: string): string {
	if (revision.startsWith('-') || revision.includes('\0')) throw new Error(`"${revision}" is not a revision of this repository.`);
	return revision;
}

/** Repository root and the path of `file` (or directory) inside it, or null outside git. */
async function gitLocation(file: string): Promise<{ root: string; relative: string } | null> {
	try {
		const root = (await runGit(path.dirname(file), ['rev-parse', '--show-toplevel'], { timeoutMs: 10_000 })).toString('utf8').trim();
		return { root, relative: path.relative(await realpath(root), path.join(await realpath(path.dirname(path.resolve(file))), path.basename(file))).split(path.sep).join('/') };
	} catch {
		return null;
	}
}

/**
 * Copies the files of `directory` as they were at `revision` into `target` (used to score with an
 * earlier rubric). Paths come from `git ls-tree`, so nothing outside the directory is written.
 */
export async function exportDirectoryAt(directory: string, revision: string, target: string): Promise<number> {
	const location = await gitLocation(path.resolve(directory));
	if (location === null) throw new Error(`${directory} is not inside a git repository; --rubric-from needs the rubric committed to git.`);
	const prefix = location.relative === '' ? '' : `${location.relative}/`;
	let listing: string;
	try {
		listing = (await runGit(location.root, ['ls-tree', '-r', '-z', '--name-only', revisionArgument(revision), '--', prefix || '.'], { maxBytes: 1 << 26 })).toString('utf8');
	} catch (error) {
		throw new Error(`"${revision}" is not a revision of this repository (${(error instanceof GitError ? error.stderr : (error as Error).message).split('\n')[0]}).`);
	}
	const files = listing.split('\0').filter((name) => name.startsWith(prefix) && !name.slice(prefix.length).includes('..'));
	if (files.length === 0) return 0;
	// One git process for every file (a catalog has thousands), not one `git show` each.
	const batch = await runGit(location.root, ['cat-file', '--batch'], { maxBytes: 1 << 30, input: files.map((name) => `${revision}:${name}\n`).join('') });
	let offset = 0;
	for (const name of files) {
		const headerEnd = batch.indexOf(10, offset);
		const header = batch.toString('utf8', offset, headerEnd);
		const size = Number(/^[0-9a-f]+ blob (\d+)$/.exec(header)?.[1] ?? Number.NaN);
		if (Number.isNaN(size)) throw new Error(`cannot read ${name} at ${revision} (git cat-file said "${header}")`);
		const destination = path.join(target, name.slice(prefix.length));
		await mkdir(path.dirname(destination), { recursive: true });
		await writeFile(destination, batch.subarray(headerEnd + 1, headerEnd + 1 + size));
		offset = headerEnd + 1 + size + 1;
	}
	return files.length;
}
