// Earlier snapshots: from the repository's own history (`git log` and `git show`, argument arrays,
// bounded by commits and days) and from a directory of snapshot files (seeded history).
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GitError, runGit } from '../../../catalog/io/git.ts';
import { writeWhole } from '../../../catalog/io/write-whole.ts';
import { Snapshot, type ServiceSnapshot } from '../../../catalog/schema/snapshot.ts';


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
	/**
	 * Where trimmed copies of old snapshots are kept between builds (Shipshape's cache), or null. A
	 * year of full snapshots of 20,000 services is about 11 GB of JSON to parse; their trimmed
	 * copies, a few per cent of that, need no validation again. Used only with `keepChecks`.
	 */
	cacheDirectory?: string | null;
}

/** Snapshots of `file` in git history plus seeded files, oldest first, one per day (the latest of the day). */
export async function readHistory(file: string, options: HistoryOptions): Promise<{ points: HistoryPoint[]; problems: string[] }> {
	const problems: string[] = [];
	const points: HistoryPoint[] = [];
	const reader = snapshotReader(options, new SharedEntries());
	if (options.snapshotsDirectory !== null) points.push(...(await readSnapshotFiles(options.snapshotsDirectory, problems, reader)));
	points.push(...(await readGitSnapshots(file, options, problems, reader)));
	await reader.prune();
	const since = windowStart(options).getTime();
	const byDate = new Map<string, HistoryPoint>();
	for (const point of points.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))) {
		if (Date.parse(`${point.date}T00:00:00Z`) < since || Date.parse(`${point.date}T00:00:00Z`) > options.now.getTime()) continue;
		byDate.set(point.date, point);
	}
	return { points: [...byDate.values()], problems };
}

/**
 * Service entries shared between snapshots: a service whose entry equals the one last read for it
 * gets that very object. Most services do not change on most days, so a year of history holds
 * about one entry per service and change instead of one per service and day. Nothing mutates
 * history.
 */
class SharedEntries {
	private readonly last = new Map<string, ServiceSnapshot>();

	/** The entry to keep for `id`: the last one read when equal, else `entry` (remembered). */
	entry(id: string, entry: ServiceSnapshot): ServiceSnapshot {
		const before = this.last.get(id);
		if (before !== undefined && sameEntry(before, entry)) return before;
		this.last.set(id, entry);
		return entry;
	}

	/** The entry of a cache row (CachedSnapshot), compared before it is built: most rows repeat the day before. */
	fromRow(id: string, [level, score, owner, team, ...outcomes]: CachedSnapshot['rows'][number], checkIds: readonly string[]): ServiceSnapshot {
		const before = this.last.get(id);
		if (before !== undefined && before.level === level && before.score === score && before.owner === owner && before.team === team && Object.keys(before.categories).length === 0 && sameOutcomes(before.checks, checkIds, outcomes)) return before;
		const checks: Record<string, string> = {};
		checkIds.forEach((check, position) => {
			const outcome = outcomes[position];
			if (typeof outcome === 'string') checks[check] = outcome;
		});
		const entry: ServiceSnapshot = { level, score, owner, team, categories: {}, checks };
		this.last.set(id, entry);
		return entry;
	}

	/** The snapshot with each of its service entries shared where it can be. */
	share(snapshot: Snapshot): Snapshot {
		for (const [id, entry] of Object.entries(snapshot.services)) snapshot.services[id] = this.entry(id, entry);
		return snapshot;
	}
}

function sameEntry(a: ServiceSnapshot, b: ServiceSnapshot): boolean {
	return a.level === b.level && a.score === b.score && a.owner === b.owner && a.team === b.team && sameRecord(a.checks, b.checks) && sameRecord(a.categories, b.categories);
}

/** Whether `checks` holds exactly the outcomes of a cache row (null: absent). */
function sameOutcomes(checks: Readonly<Record<string, string>>, checkIds: readonly string[], outcomes: readonly (string | null)[]): boolean {
	let present = 0;
	for (let position = 0; position < checkIds.length; position += 1) {
		const outcome = outcomes[position] ?? null;
		if (outcome !== null) present += 1;
		if ((checks[checkIds[position]!] ?? null) !== outcome) return false;
	}
	return present === Object.keys(checks).length;
}

function sameRecord(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
	const keys = Object.keys(a);
	if (keys.length !== Object.keys(b).length) return false;
	for (const key of keys) if (a[key] !== b[key]) return false;
	return true;
}

/**
 * A trimmed snapshot as the cache keeps it: everything but the services as it was, and the services
 * as columns (ids, then per service its level, score, owner, team and the kept checks' outcomes in
 * `checks` order, null where absent). Parsing that is a fraction of parsing the objects.
 */
interface CachedSnapshot {
	format: typeof CACHE_FORMAT;
	date: string;
	rest: Omit<Snapshot, 'services'>;
	checks: string[];
	ids: string[];
	rows: [ServiceSnapshot['level'], number, string | null, string | null, ...(string | null)[]][];
}

const CACHE_FORMAT = 2;

interface SnapshotReader {
	/**
	 * The snapshot whose text `text` reads, its entries shared; through the cache, where `source`
	 * says where it comes from (a commit and path, or a file with its size and time).
	 */
	read(source: () => Promise<string>, text: () => Promise<string>): Promise<ReturnType<typeof Snapshot.safeParse>>;
	/** Deletes cache entries this read did not use (snapshots that left the window). */
	prune(): Promise<void>;
}

/**
 * The cache of trimmed snapshots, one file per snapshot, named by a hash of where it came from and
 * which checks were kept. Only snapshots old enough to be trimmed are kept; a snapshot never gets
 * younger, so an entry stays right, and a commit or an unchanged file is the same snapshot. An
 * unreadable entry is read again from its source.
 */
function snapshotReader(options: HistoryOptions, entries: SharedEntries): SnapshotReader {
	const { cacheDirectory, keepChecks } = options;
	const parseShared = async (text: () => Promise<string>) => {
		const parsed = parseSnapshot(await text(), options);
		if (parsed.success) entries.share(parsed.data);
		return parsed;
	};
	if (cacheDirectory == null || keepChecks === undefined) return { read: (_source, text) => parseShared(text), async prune() {} };
	const checks = [...keepChecks].sort();
	const used = new Set<string>();
	return {
		async read(source, text) {
			const name = `${createHash('sha256').update(`${CACHE_FORMAT}\0${checks.join('\0')}\0${await source()}`).digest('hex')}.json`;
			const entry = path.join(cacheDirectory, name);
			used.add(name);
			const cached = await readCachedSnapshot(entry);
			if (cached?.format === CACHE_FORMAT && isTrimmed(cached.date, options)) {
				const restored = restoreSnapshot(cached, entries);
				if (restored !== null) return { success: true, data: restored } as ReturnType<typeof Snapshot.safeParse>;
			}
			const parsed = await parseShared(text);
			if (parsed.success && isTrimmed(parsed.data.date, options)) {
				await mkdir(cacheDirectory, { recursive: true });
				await writeWhole(entry, JSON.stringify(cachedSnapshot(parsed.data, checks)));
			}
			return parsed;
		},
		async prune() {
			for (const name of await readdir(cacheDirectory).catch(() => [] as string[])) if (!used.has(name)) await rm(path.join(cacheDirectory, name), { force: true });
		},
	};
}

/** A cache entry, or null when it is missing or not JSON (a torn or edited file is read from its source again). */
async function readCachedSnapshot(entry: string): Promise<CachedSnapshot | null> {
	try {
		return JSON.parse(await readFile(entry, 'utf8')) as CachedSnapshot;
	} catch {
		return null;
	}
}

function cachedSnapshot(snapshot: Snapshot, checks: readonly string[]): CachedSnapshot {
	const { services, ...rest } = snapshot;
	const ids = Object.keys(services);
	const rows = ids.map((id) => {
		const { level, score, owner, team, checks: outcomes } = services[id]!;
		return [level, score, owner, team, ...checks.map((check) => outcomes[check] ?? null)] as CachedSnapshot['rows'][number];
	});
	return { format: CACHE_FORMAT, date: snapshot.date, rest, checks: [...checks], ids, rows };
}

/** The trimmed snapshot a cache entry holds, as parseSnapshot gave it; null for an entry of another shape. */
function restoreSnapshot(cached: CachedSnapshot, entries: SharedEntries): Snapshot | null {
	if (!Array.isArray(cached.ids) || !Array.isArray(cached.rows) || cached.ids.length !== cached.rows.length || !Array.isArray(cached.checks)) return null;
	const services: Snapshot['services'] = {};
	for (let index = 0; index < cached.ids.length; index += 1) {
		const id = cached.ids[index]!;
		const row = cached.rows[index]!;
		services[id] = entries.fromRow(id, row, cached.checks);
	}
	return { ...cached.rest, services } as Snapshot;
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

/** Whether a snapshot of `date` is trimmed: older than the days kept whole. */
function isTrimmed(date: string, { keepChecks, wholeForDays = 0, now }: TrimOptions): boolean {
	return keepChecks !== undefined && Date.parse(`${date}T00:00:00Z`) < now.getTime() - (wholeForDays + 1) * 86_400_000;
}

function trim(raw: unknown, options: TrimOptions): unknown {
	const { keepChecks } = options;
	if (keepChecks === undefined || raw === null || typeof raw !== 'object') return raw;
	const { date, services } = raw as { date?: unknown; services?: unknown };
	if (typeof date !== 'string' || services === null || typeof services !== 'object') return raw;
	if (!isTrimmed(date, options)) return raw;
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

async function readGitSnapshots(file: string, options: HistoryOptions, problems: string[], reader: SnapshotReader): Promise<HistoryPoint[]> {
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
			const show = async () => (await runGit(location.root, ['show', `${commit}:${location.relative}`])).toString('utf8');
			const parsed = await reader.read(async () => `git\0${location.root}\0${commit}\0${location.relative}`, show);
			if (parsed.success) points.push({ date: parsed.data.date, commit, snapshot: parsed.data });
			else problems.push(`${location.relative} at ${commit.slice(0, 7)} (${date.slice(0, 10)}) is not a readable snapshot; it was skipped.`);
		} catch {
			// The file was deleted in that commit: nothing to read.
		}
	}
	return points;
}

async function readSnapshotFiles(directory: string, problems: string[], reader: SnapshotReader): Promise<HistoryPoint[]> {
	const files = (await readdir(directory).catch(() => [] as string[])).filter((name) => name.endsWith('.json')).sort();
	const points: HistoryPoint[] = [];
	for (const name of files) {
		try {
			const file = path.join(directory, name);
			const parsed = await reader.read(() => fileSource(file), () => readFile(file, 'utf8'));
			if (!parsed.success) throw parsed.error;
			points.push({ date: parsed.data.date, commit: null, snapshot: parsed.data });
		} catch (error) {
			problems.push(`${path.join(directory, name)}: not a snapshot (${(error as Error).message.split('\n')[0]}); it was skipped.`);
		}
	}
	return points;
}

/** A snapshot file as the cache knows it: an edited or replaced file is another snapshot. */
async function fileSource(file: string): Promise<string> {
	const { size, mtimeMs } = await stat(file);
	return `file\0${path.resolve(file)}\0${size}\0${mtimeMs}`;
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
