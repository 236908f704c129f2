import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { indexFindings, lineOf } from '../../src/lib/report/load-report.ts';

const directory = await mkdtemp(path.join(tmpdir(), 'findings-index-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

/** A line as the CLI writes it: the id first, then the findings (padded to the length asked). */
const line = (id: string, length: number) => {
	const start = `{"id":"${id}","findings":[{"checkId":"c","note":"`;
	return `${start}${'é'.repeat(Math.max(0, Math.floor((length - start.length - 4) / 2)))}"}]}`;
};

describe('the findings index', () => {
	// The file is scanned 4 MB at a time: lines that end exactly at, cross or span a chunk's edge, and
	// non-ASCII text (a range is in bytes, not characters).
	it.each([
		['small lines', [10, 200, 3000]],
		['lines past the 8 MB read window', [6 * 1024 * 1024, 3 * 1024 * 1024, 100, 7 * 1024 * 1024]],
		['lines around the 4 MB scan chunk', [4 * 1024 * 1024 - 100, 300, 5 * 1024 * 1024, 50]],
		['one line longer than two chunks', [9 * 1024 * 1024]],
		['a single short line', [60]],
	])('gives each service the byte range of its own line: %s', async (_, lengths) => {
		const lines = lengths.map((length, index) => line(`service-${index}`, length));
		const file = path.join(directory, `${lengths.join('-')}.ndjson`);
		await writeFile(file, lines.join('\n'));
		const bytes = await readFile(file);

		const index = indexFindings(file);

		expect([...index.lineById.keys()]).toEqual(lines.map((_, position) => `service-${position}`));
		for (const [position, text] of lines.entries()) {
			const [start, end] = index.lineById.get(`service-${position}`)!;
			expect(bytes.toString('utf8', start, end)).toBe(text);
		}
		// Read through the 8 MB window as pages ask: in the file's order, then backwards (every line
		// outside the window last read), each line whole.
		const order = [...lines.keys(), ...[...lines.keys()].reverse()];
		for (const position of order) expect(lineOf(index, index.lineById.get(`service-${position}`)!).toString('utf8')).toBe(lines[position]);
	});
});
