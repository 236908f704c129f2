// Writes a set of catalog files so that a run that dies at any moment (SIGKILL, disk full, a crash)
// leaves the complete old catalog or, once committed, one the next Shipshape command completes.
//
// Why a journal and not one directory rename: the catalog directory also holds files people edit
// (waivers.yaml) and, in this repository, source code (catalog/schema), so it cannot be swapped as a
// whole. Instead every changed file is first written in full to a staging directory inside the
// catalog (same file system, so the final moves are renames). Renaming the journal into place is the
// commit point: before it, the old catalog is untouched and the staging directory is a leftover that
// the next run deletes; after it, the moves are replayed until done, by this run or by the next
// command that opens the catalog (`recoverCatalog`).
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { mapLimited } from './map-limited.ts';

/** The staging directory inside the catalog; only ever present while a write is in progress or after a kill. */
export const TRANSACTION_DIRECTORY = '.shipshape-transaction';
const JOURNAL = 'journal.json';
const STAGED = 'files';

export interface CatalogWrite {
	/** Relative path (POSIX) → complete new content. Unchanged files are skipped. */
	files: ReadonlyMap<string, string>;
	/** Relative paths to delete. */
	remove?: readonly string[];
}

export interface CommitResult {
	/** Paths written (new or changed content), sorted. */
	written: string[];
	/** Paths removed, sorted. */
	removed: string[];
}

interface Journal {
	writes: string[];
	removals: string[];
}

/** Paths of the pending change whose content differs from what is on disk. */
export async function changedFiles(directory: string, files: ReadonlyMap<string, string>): Promise<string[]> {
	const entries = [...files];
	const same = await mapLimited(entries, 32, async ([relative, content]) => (await readFile(path.join(directory, relative), 'utf8').catch(() => null)) === content);
	return entries.filter((_, index) => !same[index]).map(([relative]) => relative).sort();
}

/**
 * Writes `change` into the catalog `directory` as one transaction. Files whose content is already on
 * disk are left alone (their modification times too). Throws, with the catalog unchanged, when the
 * staging write fails (disk full, permissions).
 */
export async function commitCatalog(directory: string, change: CatalogWrite): Promise<CommitResult> {
	await recoverCatalog(directory);
	const writes = await changedFiles(directory, change.files);
	const removals = [...new Set(change.remove ?? [])].filter((relative) => !change.files.has(relative) && existsSync(path.join(directory, relative))).sort();
	if (writes.length === 0 && removals.length === 0) return { written: [], removed: [] };

	const transaction = path.join(directory, TRANSACTION_DIRECTORY);
	try {
		await mkdir(path.join(transaction, STAGED), { recursive: true });
		await mapLimited(writes, 32, async (relative) => {
			const staged = path.join(transaction, STAGED, relative);
			await mkdir(path.dirname(staged), { recursive: true });
			await writeFile(staged, change.files.get(relative)!);
		});
		writeJournal(transaction, { writes, removals });
	} catch (error) {
		// Best effort: what cannot be removed now is discarded by the next run's recovery.
		await rm(transaction, { recursive: true, force: true }).catch(() => undefined);
		throw new Error(`could not write the new catalog in ${directory} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); the catalog was left as it was`, { cause: error });
	}
	applyJournal(directory);
	return { written: writes, removed: removals };
}

/**
 * Completes or discards what an interrupted write left: a committed journal is replayed (the new
 * catalog), an uncommitted staging directory is deleted (the old one stays). Returns what it did.
 */
export async function recoverCatalog(directory: string): Promise<'clean' | 'completed' | 'discarded'> {
	const transaction = path.join(directory, TRANSACTION_DIRECTORY);
	if (!existsSync(transaction)) return 'clean';
	if (existsSync(path.join(transaction, JOURNAL))) {
		applyJournal(directory);
		return 'completed';
	}
	await rm(transaction, { recursive: true, force: true });
	return 'discarded';
}

/**
 * Synchronous cleanup for a signal handler: an uncommitted staging directory is deleted, a committed
 * one is completed. Never throws.
 */
export function settleCatalogSync(directory: string): void {
	const transaction = path.join(directory, TRANSACTION_DIRECTORY);
	try {
		if (!existsSync(transaction)) return;
		if (existsSync(path.join(transaction, JOURNAL))) applyJournal(directory);
		// Writes already in flight on the thread pool can still land in the staging directory while
		// it is removed (ENOTEMPTY); no new one starts while this handler runs, so retrying ends it.
		else rmSync(transaction, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
	} catch {
		// The next command recovers whatever is left.
	}
}

/** Written to a temporary name, flushed, then renamed: the rename is the commit point. */
function writeJournal(transaction: string, journal: Journal): void {
	const temporary = path.join(transaction, `${JOURNAL}.tmp`);
	const descriptor = openSync(temporary, 'w');
	try {
		writeSync(descriptor, JSON.stringify(journal));
		fsyncSync(descriptor);
	} finally {
		closeSync(descriptor);
	}
	renameSync(temporary, path.join(transaction, JOURNAL));
}

/** Moves staged files into place and deletes removed ones. Idempotent, so a replay after a kill is safe. */
function applyJournal(directory: string): void {
	const transaction = path.join(directory, TRANSACTION_DIRECTORY);
	const journal = JSON.parse(readFileSync(path.join(transaction, JOURNAL), 'utf8')) as Journal;
	for (const relative of journal.writes) {
		const staged = path.join(transaction, STAGED, relative);
		// Already moved by an earlier, interrupted replay.
		if (!existsSync(staged)) continue;
		const target = path.join(directory, relative);
		mkdirSync(path.dirname(target), { recursive: true });
		renameSync(staged, target);
	}
	for (const relative of journal.removals) rmSync(path.join(directory, relative), { force: true });
	rmSync(transaction, { recursive: true, force: true });
}
