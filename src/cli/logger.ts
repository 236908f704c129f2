// Progress and messages on stderr (stdout is kept for results such as `score --format json`).
// On a terminal a progress step rewrites one line; otherwise it prints plain lines, sparingly.
import type { Logger } from '../../collectors/types.ts';

/** Plain (non-terminal) progress prints a line each time a step passes another tenth, so CI logs show it moving. */
const PLAIN_STEPS = 10;

export function createLogger(stream: NodeJS.WriteStream = process.stderr, quiet = false): Logger {
	const live = stream.isTTY === true;
	let lastPlain = '';
	const printedTenths = new Map<string, number>();
	const line = (text: string) => {
		if (quiet) return;
		stream.write(live ? `\r\u001b[2K${text}\n` : `${text}\n`);
	};
	return {
		info: (message) => line(message),
		warn: (message) => line(`warning: ${message}`),
		progress(step, done, total) {
			if (quiet) return;
			const text = `${step} ${done}/${total}`;
			if (live) {
				stream.write(`\r\u001b[2K${text}${done === total ? '\n' : ''}`);
			} else if (text !== lastPlain) {
				const tenth = total === 0 ? PLAIN_STEPS : Math.floor((done / total) * PLAIN_STEPS);
				if (done !== total && tenth <= (printedTenths.get(step) ?? 0)) return;
				printedTenths.set(step, done === total ? 0 : tenth);
				lastPlain = text;
				stream.write(`${text}\n`);
			}
		},
	};
}
