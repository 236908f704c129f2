// Progress and messages on stderr (stdout is kept for results such as `score --format json`).
// On a terminal a progress step rewrites one line; otherwise it prints plain lines, sparingly.
import type { Logger } from '../../collectors/types.ts';

export function createLogger(stream: NodeJS.WriteStream = process.stderr, quiet = false): Logger {
	const live = stream.isTTY === true;
	let lastPlain = '';
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
			} else if (done === total && text !== lastPlain) {
				lastPlain = text;
				stream.write(`${text}\n`);
			}
		},
	};
}
