// Changed paths from `git diff --name-only` are relative to the git root; the catalog's service
// paths are relative to the monorepo root (which may be a sub-directory). This maps one onto the other.
import path from 'node:path';
import { runGit } from '../../catalog/io/git.ts';

export async function changedFilesUnderRepo(listing: string, repo: string, cwd: string): Promise<string[]> {
	let gitRoot = cwd;
	try {
		gitRoot = (await runGit(cwd, ['rev-parse', '--show-toplevel'], { timeoutMs: 10_000 })).toString('utf8').trim();
	} catch {
		// Outside git the paths are taken as relative to the current directory.
	}
	return listing
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter((line) => line !== '')
		.map((line) => path.relative(repo, path.resolve(gitRoot, line)).split(path.sep).join('/'))
		.filter((relative) => relative !== '' && !relative.startsWith('..'));
}

export async function readStdin(): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}
