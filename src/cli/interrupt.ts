// SIGINT/SIGTERM during a step that writes (collect, build): settle what the step left, say so, and
// exit with the signal's conventional code. SIGKILL cannot be caught; the next run settles it instead.
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Registers `settle` (synchronous: a signal handler cannot wait) until the returned release function
 * is called.
 */
export function onInterrupt(settle: () => void, outcome: string): () => void {
	const handlers = Object.entries(SIGNAL_EXIT_CODES).map(([signal, code]) => {
		const handler = () => {
			settle();
			process.stderr.write(`\nshipshape: interrupted by ${signal}; ${outcome}.\n`);
			process.exit(code);
		};
		process.once(signal, handler);
		return [signal, handler] as const;
	});
	return () => {
		for (const [signal, handler] of handlers) process.removeListener(signal, handler);
	};
}
