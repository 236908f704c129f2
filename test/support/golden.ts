// Golden files for user-facing output: compared byte for byte; `UPDATE_GOLDEN=1 npm test` rewrites
// them after an intended change, for review in the diff.
import { readFile, writeFile } from 'node:fs/promises';
import { expect } from 'vitest';

export async function expectGolden(actual: string, file: string): Promise<void> {
	if (process.env.UPDATE_GOLDEN === '1') await writeFile(file, actual);
	expect(actual, file).toBe(await readFile(file, 'utf8'));
}
