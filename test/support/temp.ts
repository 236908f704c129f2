import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A fresh directory under the system temp dir. */
export function tempDirectory(prefix = 'shipshape-'): Promise<string> {
	return mkdtemp(path.join(tmpdir(), prefix));
}

/** Writes `files` (relative path → content) under `root`, creating directories. */
export async function writeTree(root: string, files: Record<string, string | Buffer>): Promise<void> {
	for (const [relative, content] of Object.entries(files)) {
		const file = path.join(root, relative);
		await mkdir(path.dirname(file), { recursive: true });
		await writeFile(file, content);
	}
}

export const PROJECT_ROOT = new URL('../../', import.meta.url).pathname;
export const SAMPLE_ORG = path.join(PROJECT_ROOT, 'test/fixtures/sample-org');
