import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/cli/logger.ts';

function capture(isTTY: boolean) {
	const writes: string[] = [];
	const stream = { isTTY, write: (text: string) => writes.push(text) } as unknown as NodeJS.WriteStream;
	return { writes, stream };
}

describe('progress', () => {
	it('prints a plain line at each tenth and at the end when not on a terminal', () => {
		const { writes, stream } = capture(false);
		const log = createLogger(stream);

		for (let done = 0; done <= 200; done += 5) log.progress('Rendering pages', done, 200);

		expect(writes).toEqual([20, 40, 60, 80, 100, 120, 140, 160, 180, 200].map((done) => `Rendering pages ${done}/200\n`));
	});

	it('rewrites one line on a terminal and ends it when done', () => {
		const { writes, stream } = capture(true);
		const log = createLogger(stream);

		log.progress('Collecting', 1, 2);
		log.progress('Collecting', 2, 2);

		expect(writes).toEqual(['\r\u001b[2KCollecting 1/2', '\r\u001b[2KCollecting 2/2\n']);
	});

	it('prints nothing when quiet', () => {
		const { writes, stream } = capture(false);

		createLogger(stream, true).progress('Collecting', 2, 2);

		expect(writes).toEqual([]);
	});
});
