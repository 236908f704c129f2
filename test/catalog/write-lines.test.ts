import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeLines } from '../../catalog/io/write-lines.ts';

const directory = await mkdtemp(path.join(tmpdir(), 'write-lines-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

describe('writeLines', () => {
	// Around the chunk size (1,000 lines per write): a missing or doubled newline at a chunk's edge
	// would shift every line after it.
	it.each([0, 1, 999, 1000, 1001, 2500])('writes %i lines exactly as joining them would', async (count) => {
		const items = Array.from({ length: count }, (_, index) => ({ id: `service-${index}`, note: index % 7 === 0 ? 'ünïcode ✓' : '' }));
		const file = path.join(directory, `lines-${count}.ndjson`);
		await writeLines(file, items, (item) => JSON.stringify(item));
		expect(await readFile(file, 'utf8')).toBe(items.map((item) => JSON.stringify(item)).join('\n'));
	});
});
