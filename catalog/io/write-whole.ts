import { rename, writeFile } from 'node:fs/promises';

/**
 * Writes `file` under a temporary name beside it, then renames it into place: a process killed at
 * any moment leaves the old file, the new one or none, never part of one. For cache entries that a
 * later build reads back.
 */
export async function writeWhole(file: string, content: string | Uint8Array): Promise<void> {
	const temporary = `${file}.${process.pid}.tmp`;
	await writeFile(temporary, content);
	await rename(temporary, file);
}
