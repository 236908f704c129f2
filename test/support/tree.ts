// Whole-directory snapshots for "nothing changed" assertions: every file (dotfiles included) with a
// hash of its bytes, so that byte-identical means identical.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** Relative path → sha256 of the content, sorted by path; `{}` when the directory does not exist. */
export async function treeOf(directory: string, ignore: (relative: string) => boolean = () => false): Promise<Record<string, string>> {
	const entries = await readdir(directory, { recursive: true, withFileTypes: true }).catch(() => []);
	const files = entries
		.filter((entry) => entry.isFile())
		.map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
		.filter((relative) => !ignore(relative))
		.sort();
	const tree: Record<string, string> = {};
	for (const file of files) tree[file] = createHash('sha256').update(await readFile(path.join(directory, file))).digest('hex');
	return tree;
}
