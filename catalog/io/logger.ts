// Progress and messages of long steps, shared by the collectors and the CLI; `src/cli/logger.ts` writes them to stderr.
export interface Logger {
	info(message: string): void;
	warn(message: string): void;
	/** Progress on long steps: a live line on a terminal, a plain line otherwise. */
	progress(step: string, done: number, total: number): void;
}
