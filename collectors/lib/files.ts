// File access for collectors: listing that skips vendored and git-ignored trees, and reading that
// never follows a link out of its root nor loads a huge file.
import { lstat, open, readFile as fsReadFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { globby } from 'globby';
import pLimit from 'p-limit';

/** Trees that are never ours to judge: dependencies, vendored code, build outputs. */
export const VENDORED_GLOBS = [
	'**/.git/**',
	'**/node_modules/**',
	'**/vendor/**',
	'**/third_party/**',
	'**/third-party/**',
	'**/bower_components/**',
	'**/.venv/**',
	'**/venv/**',
	'**/__pycache__/**',
	'**/dist/**',
	'**/build/**',
	'**/target/**',
	'**/out/**',
	'**/bin/**',
	'**/obj/**',
	'**/.next/**',
	'**/.terraform/**',
] as const;

/** Files larger than this are not read (they are reported, not loaded). */
export const MAX_READ_BYTES = 5 * 1024 * 1024;

export class UnreadableFileError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UnreadableFileError';
	}
}

/** Files under `root` (relative, POSIX, sorted), honouring .gitignore files. */
export async function listFiles(root: string, patterns: readonly string[] = ['**/*'], ignore: readonly string[] = VENDORED_GLOBS): Promise<string[]> {
	const files = await globby([...patterns], {
		cwd: root,
		dot: true,
		gitignore: true,
		ignore: [...ignore],
		followSymbolicLinks: false,
		onlyFiles: true,
		suppressErrors: true,
	});
	return files.sort();
}

/** Reads `relativePath` under `root` as UTF-8, refusing escapes, non-files and oversized files. */
export async function readFileSafely(root: string, relativePath: string, maxBytes = MAX_READ_BYTES): Promise<string> {
	const absolute = path.resolve(root, relativePath);
	const rootReal = await realpath(root);
	let info;
	try {
		info = await lstat(absolute);
	} catch (error) {
		throw new UnreadableFileError(`cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
	}
	if (info.isSymbolicLink()) {
		let target: string;
		try {
			target = await realpath(absolute);
		} catch {
			throw new UnreadableFileError('broken or looping symbolic link; fix or remove it');
		}
		if (target !== rootReal && !target.startsWith(rootReal + path.sep)) {
			throw new UnreadableFileError('symbolic link points outside the repository; it was not followed');
		}
		info = await stat(target);
	}
	if (!info.isFile()) throw new UnreadableFileError('not a regular file');
	if (info.size > maxBytes) {
		throw new UnreadableFileError(`file is ${Math.round(info.size / 1024 / 1024)} MB, over the ${Math.round(maxBytes / 1024 / 1024)} MB limit; it was skipped`);
	}
	const buffer = await fsReadFile(absolute);
	return new TextDecoder('utf-8', { fatal: false }).decode(buffer);
}

/** Size and first bytes of a regular file (symbolic links and special files give null). */
export async function readHead(root: string, relativePath: string, bytes: number): Promise<{ size: number; head: string } | null> {
	const absolute = path.resolve(root, relativePath);
	try {
		const info = await lstat(absolute);
		if (!info.isFile()) return null;
		const handle = await open(absolute, 'r');
		try {
			const buffer = Buffer.alloc(Math.min(bytes, info.size));
			const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
			return { size: info.size, head: buffer.subarray(0, bytesRead).toString('utf8') };
		} finally {
			await handle.close();
		}
	} catch {
		return null;
	}
}

/** Runs `task` over `items` with at most `limit` in flight, keeping order. */
export async function mapLimited<Item, Result>(items: readonly Item[], limit: number, task: (item: Item) => Promise<Result>): Promise<Result[]> {
	const run = pLimit(limit);
	return Promise.all(items.map((item) => run(() => task(item))));
}
