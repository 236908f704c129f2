import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Set by test/support/global-setup.ts, which removes it after the run. */
const PARENT = process.env.SHIPSHAPE_TEST_TMP ?? tmpdir();

/** A fresh directory for one test. */
export function tempDirectory(prefix = 'dir-'): Promise<string> {
	return mkdtemp(path.join(PARENT, prefix));
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

/** Real-world samples copied from public repositories (see test/fixtures/real/PROVENANCE.tsv and LICENSES/). */
export const REAL_FIXTURES = path.join(PROJECT_ROOT, 'test/fixtures/real/');
