// The one way Shipshape starts a program: argument arrays (never a shell), a timeout, an output
// limit, and an environment of PATH and HOME only, so no secret of the caller's environment reaches
// a tool. git goes through it (catalog/io/git.ts); collectors reach it only through their context,
// for the programs they declare (`programs:` in their meta), so a collector cannot start anything else.
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface ProgramOptions {
	cwd: string;
	/** Default: 60 s. */
	timeoutMs?: number;
	/** Largest output read, in bytes. Default: 1 GiB. */
	maxBytes?: number;
	/** Written to its standard input, which is then closed (default: nothing, closed at once). */
	input?: string;
}

export class ProgramError extends Error {
	readonly stderr: string;
	constructor(program: string, args: readonly string[], stderr: string, cause: unknown) {
		const timedOut = (cause as { killed?: boolean; signal?: string }).killed === true;
		const tooLarge = (cause as { code?: string }).code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER';
		const reason = tooLarge ? 'its output is over the size limit' : timedOut ? 'it ran past its time limit and was stopped' : stderr.split('\n').find((line) => line.trim() !== '')?.trim() || (cause instanceof Error ? cause.message.split('\n')[0] : String(cause));
		super(`${program} ${args[0] ?? ''} failed: ${reason}`, { cause });
		this.name = 'ProgramError';
		this.stderr = stderr;
	}
}

/** Runs `program args` in `cwd` and resolves with its standard output (bytes). */
export type ProgramRunner = (program: string, args: readonly string[], options: ProgramOptions) => Promise<Buffer>;

/** The environment a program gets: where to find programs and a home directory, nothing else. */
export function programEnvironment(environment: Readonly<Record<string, string | undefined>>): Record<string, string> {
	return Object.fromEntries(['PATH', 'HOME'].flatMap((name) => (environment[name] === undefined ? [] : [[name, environment[name]!]])));
}

/** A runner for programs found on `environment.PATH`, started with `programEnvironment(environment)`. */
export function createProgramRunner(environment: Readonly<Record<string, string | undefined>>): ProgramRunner {
	const env = programEnvironment(environment);
	return async (program, args, { cwd, timeoutMs = 60_000, maxBytes = 1 << 30, input = '' }) => {
		try {
			const running = execFileAsync(program, [...args], { cwd, env, maxBuffer: maxBytes, timeout: timeoutMs, encoding: 'buffer', killSignal: 'SIGKILL' });
			// A program that exits without reading its input closes the pipe first (EPIPE): not an error of ours.
			running.child.stdin?.on('error', () => undefined);
			running.child.stdin?.end(input === '' ? undefined : input);
			const { stdout } = await running;
			return stdout;
		} catch (error) {
			throw new ProgramError(program, args, (error as { stderr?: Buffer }).stderr?.toString('utf8').trim() ?? '', error);
		}
	};
}

/** The executable file `program` names on `searchPath` (PATH's syntax), or null. */
export function findProgram(program: string, searchPath: string | undefined): string | null {
	if (program.includes('/') || searchPath === undefined) return null;
	for (const directory of searchPath.split(path.delimiter)) {
		if (directory === '') continue;
		const candidate = path.join(directory, program);
		try {
			accessSync(candidate, constants.X_OK);
			if (statSync(candidate).isFile()) return candidate;
		} catch {
			// not here
		}
	}
	return null;
}
