import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
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

/**
 * Options that run a child process as the unprivileged user `nobody` when the tests run as root
 * (root ignores permissions, so a read-only or unreadable path proves nothing for it); none otherwise.
 */
export function asUnprivilegedUser(): { uid?: number; gid?: number } {
	if (process.getuid?.() !== 0) return {};
	const probe = spawnSync(process.execPath, ['-e', ''], { uid: NOBODY, gid: NOBODY });
	if (probe.status !== 0) throw new Error(`the Node binary ${process.execPath} cannot be run by an unprivileged user (${probe.error?.message ?? `exit ${probe.status}`}); make its directories world-executable (chmod o+x).`);
	return { uid: NOBODY, gid: NOBODY };
}

/** The uid and gid of `nobody` on Debian. */
export const NOBODY = 65534;

/** Lets an unprivileged user walk down to `directory`: it and every directory above it become 0755 (best effort). */
export async function openPathTo(directory: string): Promise<void> {
	for (let current = directory; current !== path.dirname(current); current = path.dirname(current)) await chmod(current, 0o755).catch(() => undefined);
}
