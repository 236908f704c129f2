// File access for collectors: listing that skips vendored and git-ignored trees, and reading that
// never follows a link out of its root nor loads a huge file.
import { closeSync, lstatSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
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

const VENDORED_SET: ReadonlySet<string> = new Set(VENDORED_DIRECTORIES);

/** True when a directory of `file` (not the file itself) is a vendored or build-output directory. */
export function isVendored(file: string): boolean {
	const segments = file.split('/');
	for (let index = 0; index < segments.length - 1; index += 1) if (VENDORED_SET.has(segments[index]!)) return true;
	return false;
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
	const absolute = path.resolve(root, relativePath);
	try {
		const info = lstatSync(absolute);
		if (!info.isFile()) return null;
		const descriptor = openSync(absolute, 'r');
		try {
			const bytesRead = readSync(descriptor, headBuffer, 0, Math.min(bytes, info.size, headBuffer.length), 0);
			return { size: info.size, head: headBuffer.toString('utf8', 0, bytesRead) };
		} finally {
			closeSync(descriptor);
		}
	} catch {
		return null;
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
