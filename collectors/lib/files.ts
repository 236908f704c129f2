// File access for collectors: listing that skips vendored and git-ignored trees, and reading that
// never follows a link out of its root nor loads a huge file.
import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { globby } from 'globby';
import { mapLimited } from '../../catalog/io/map-limited.ts';
import { runGit } from '../../catalog/io/git.ts';

/** Directories that are never ours to judge: dependencies, vendored code, build outputs. */
export const VENDORED_DIRECTORIES = [
	'.git',
	'node_modules',
	'vendor',
	'third_party',
	'third-party',
	'bower_components',
	'.venv',
	'venv',
	'__pycache__',
	'dist',
	'build',
	'target',
	'out',
	'bin',
	'obj',
	'.next',
	'.terraform',
] as const;

export const VENDORED_GLOBS = VENDORED_DIRECTORIES.map((directory) => `**/${directory}/**`);

// One expression rather than splitting every path into segments: six times faster on a large tree.
const VENDORED_SEGMENT = new RegExp(`(?:^|/)(?:${VENDORED_DIRECTORIES.map((directory) => directory.replace(/[.]/g, '\\.')).join('|')})/`);

/** True when a directory of `file` (not the file itself) is a vendored or build-output directory. */
export function isVendored(file: string): boolean {
	return VENDORED_SEGMENT.test(file);
}

/** Files larger than this are not read (they are reported, not loaded). */
export const MAX_READ_BYTES = 5 * 1024 * 1024;

export class UnreadableFileError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UnreadableFileError';
	}
}

/**
 * Files under `root` (relative, POSIX, sorted), honouring .gitignore files and skipping vendored
 * trees. Inside a git work tree this asks `git ls-files` (the floor of the benchmark: it reads the
 * index instead of walking the disk); elsewhere it walks with globby. Symbolic links are listed but
 * never descended into; reading one that leaves the root fails with a clear reason.
 */
export async function listFiles(root: string, patterns: readonly string[] = ['**/*'], ignore: readonly string[] = VENDORED_GLOBS): Promise<string[]> {
	const fromGit = patterns.length === 1 && patterns[0] === '**/*' ? await listWithGit(root) : null;
	if (fromGit !== null) return fromGit.filter((file) => !isVendored(file)).sort();
	const entries = await globby([...patterns], {
		cwd: root,
		dot: true,
		gitignore: true,
		ignore: [...ignore],
		followSymbolicLinks: false,
		onlyFiles: false,
		objectMode: true,
		suppressErrors: true,
	});
	return entries
		.filter((entry) => entry.dirent.isFile() || entry.dirent.isSymbolicLink())
		.map((entry) => entry.path)
		.sort();
}

/** Tracked and untracked-but-not-ignored files under `root`, or null when it is not in a git work tree. */
async function listWithGit(root: string): Promise<string[] | null> {
	const git = (args: string[]) => runGit(root, args);
	try {
		const [listed, deleted] = await Promise.all([
			git(['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--deduplicate', '--', '.']),
			git(['ls-files', '-z', '--deleted', '--', '.']),
		]);
		const gone = new Set(splitNul(deleted));
		return splitNul(listed).filter((file) => !gone.has(file));
	} catch {
		return null;
	}
}

function splitNul(output: Buffer): string[] {
	return output.toString('utf8').split('\0').filter((entry) => entry !== '');
}

/**
 * Reads `relativePath` under `root` as UTF-8, refusing escapes, non-files and oversized files.
 * Synchronous file calls inside: for many small files they are several times faster than the
 * thread-pool round trips of fs/promises, and collection has nothing else to do meanwhile.
 */
export async function readFileSafely(root: string, relativePath: string, maxBytes = MAX_READ_BYTES): Promise<string> {
	const absolute = path.resolve(root, relativePath);
	const rootReal = realRoot(root);
	let info;
	try {
		info = lstatSync(absolute);
	} catch (error) {
		throw new UnreadableFileError(`cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
	}
	if (info.isSymbolicLink()) {
		let target: string;
		try {
			target = realpathSync(absolute);
		} catch {
			throw new UnreadableFileError('broken or looping symbolic link; fix or remove it');
		}
		if (target !== rootReal && !target.startsWith(rootReal + path.sep)) {
			throw new UnreadableFileError('symbolic link points outside the repository; it was not followed');
		}
		info = statSync(target);
	}
	if (!info.isFile()) throw new UnreadableFileError('not a regular file');
	if (info.size > maxBytes) {
		throw new UnreadableFileError(`file is ${Math.round(info.size / 1024 / 1024)} MB, over the ${Math.round(maxBytes / 1024 / 1024)} MB limit; it was skipped`);
	}
	return new TextDecoder('utf-8', { fatal: false }).decode(readFileSync(absolute));
}

const realRoots = new Map<string, string>();

/** The resolved root, asked of the file system once per root rather than once per file. */
function realRoot(root: string): string {
	let resolved = realRoots.get(root);
	if (resolved === undefined) {
		resolved = realpathSync(root);
		realRoots.set(root, resolved);
	}
	return resolved;
}

const headBuffer = Buffer.alloc(64 * 1024);

/** Size and first bytes of a regular file (symbolic links and special files give null). Synchronous, as above. */
export function readHead(root: string, relativePath: string, bytes: number): { size: number; head: string } | null {
	const read = readHeadInto(root, relativePath, headBuffer.subarray(0, Math.min(bytes, headBuffer.length)));
	return read === null ? null : { size: read.size, head: headBuffer.toString('utf8', 0, read.length) };
}

const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = constants;

/**
 * Reads the first `buffer.length` bytes of a regular file into `buffer`: its size and how many
 * bytes were read, or null for a symbolic link (never followed), a special file or an unreadable
 * path. Three system calls for a small file (open, read, close) and a stat only when the file
 * fills the buffer, instead of a stat first: for every file of a large tree, that is a third less.
 * Non-blocking, so that a FIFO in the tree cannot hang the read.
 */
export function readHeadInto(root: string, relativePath: string, buffer: Buffer): { size: number; length: number } | null {
	let descriptor: number;
	try {
		descriptor = openSync(path.resolve(root, relativePath), O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
	} catch {
		return null;
	}
	try {
		const length = readSync(descriptor, buffer, 0, buffer.length, 0);
		// Shorter than the buffer: read whole, so its size is what was read. Only a listed path that
		// has since become a special file (a race) could read short without being one; an empty read asks.
		if (length < buffer.length) return length > 0 || fstatSync(descriptor).isFile() ? { size: length, length } : null;
		const info = fstatSync(descriptor);
		return info.isFile() ? { size: info.size, length } : null;
	} catch {
		// A directory (a submodule's path) cannot be read; neither can a FIFO with no writer.
		return null;
	} finally {
		closeSync(descriptor);
	}
}

/** Files read at once: enough to hide disk latency, few enough to stay far from file-handle limits. */
export const READ_CONCURRENCY = 32;

export { mapLimited };

export type ReadOutcome = { text: string; error: null } | { text: null; error: Error };

/** Reads many files concurrently; each result says what was read or why it could not be. */
export function readMany(
	readFile: (root: string, relativePath: string) => Promise<string>,
	files: readonly { root: string; relative: string }[],
): Promise<ReadOutcome[]> {
	return mapLimited(files, READ_CONCURRENCY, ({ root, relative }) =>
		readFile(root, relative).then(
			(text): ReadOutcome => ({ text, error: null }),
			(error: Error): ReadOutcome => ({ text: null, error }),
		),
	);
}
