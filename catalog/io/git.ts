// The one way Shipshape runs git: argument arrays (never a shell), `-c core.quotePath=false` so
// paths come back as UTF-8, a timeout and an output limit. Callers put `--` before paths.
import { createProgramRunner, ProgramError } from './programs.ts';

export interface GitOptions {
	/** Default: 60 s. */
	timeoutMs?: number;
	/** Largest output read, in bytes. Default: 1 GiB. */
	maxBytes?: number;
	/** Written to git's standard input (`cat-file --batch` reads its requests there). */
	input?: string;
}

/** Runs `git <args>` in `cwd` and resolves with its standard output (bytes). */
export type GitRunner = (cwd: string, args: readonly string[], options?: GitOptions) => Promise<Buffer>;

export class GitError extends Error {
	readonly stderr: string;
	constructor(args: readonly string[], stderr: string, cause: unknown) {
		super(`git ${args[0] ?? ''} failed: ${stderr.split('\n')[0] || (cause instanceof Error ? cause.message.split('\n')[0] : String(cause))}`, { cause });
		this.name = 'GitError';
		this.stderr = stderr;
	}
}

const run = createProgramRunner(process.env);

export const runGit: GitRunner = async (cwd, args, { timeoutMs = 60_000, maxBytes = 1 << 30, input } = {}) => {
	try {
		return await run('git', ['-c', 'core.quotePath=false', ...args], { cwd, timeoutMs, maxBytes, input });
	} catch (error) {
		throw new GitError(args, error instanceof ProgramError ? error.stderr : '', error instanceof ProgramError ? error.cause : error);
	}
};

/** Host and `owner/name` of the `origin` remote when it is on a host (a local path names no repository), or null. */
export async function originRepository(git: GitRunner, cwd: string): Promise<{ host: string; repository: string } | null> {
	try {
		const url = (await git(cwd, ['remote', 'get-url', 'origin'], { timeoutMs: 10_000 })).toString('utf8').trim();
		const match = /^(?:https?:\/\/([^/]+)\/|git@([^:]+):|ssh:\/\/git@([^/]+)\/)([\w.-]+\/[\w.-]+?)(?:\.git)?$/.exec(url);
		return match === null ? null : { host: (match[1] ?? match[2] ?? match[3])!, repository: match[4]! };
	} catch {
		return null;
	}
}
