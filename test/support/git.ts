// Real git repositories for tests: commits by several authors at controlled dates.
import { execFileSync } from 'node:child_process';
import { writeTree } from './temp.ts';

export function git(cwd: string, args: string[], env: Record<string, string> = {}): string {
	return execFileSync('git', args, {
		cwd,
		encoding: 'utf8',
		env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd, GIT_TERMINAL_PROMPT: '0', ...env },
	});
}

export function initRepository(cwd: string): void {
	git(cwd, ['init', '-q', '-b', 'main']);
	git(cwd, ['config', 'user.name', 'Setup']);
	git(cwd, ['config', 'user.email', 'setup@example.com']);
	git(cwd, ['config', 'commit.gpgsign', 'false']);
}

export interface CommitSpec {
	author: string;
	email: string;
	/** ISO date used for both author and committer dates. */
	date: string;
	files: Record<string, string>;
	message?: string;
}

export async function commit(cwd: string, spec: CommitSpec): Promise<void> {
	await writeTree(cwd, spec.files);
	git(cwd, ['add', '-A', '--', ...Object.keys(spec.files)]);
	git(cwd, ['commit', '-q', '-m', spec.message ?? `change by ${spec.author}`], {
		GIT_AUTHOR_NAME: spec.author,
		GIT_AUTHOR_EMAIL: spec.email,
		GIT_COMMITTER_NAME: spec.author,
		GIT_COMMITTER_EMAIL: spec.email,
		GIT_AUTHOR_DATE: spec.date,
		GIT_COMMITTER_DATE: spec.date,
	});
}
