// Reads every `<id>.json` record of a catalog directory with its schema, for the readers that take
// what parses and decide themselves what an unreadable record means (refuse, warn, skip).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { mapLimited } from './map-limited.ts';

export interface RecordProblem {
	/** The record's path. */
	file: string;
	/** Why it was not read: the read or JSON error, or the first line of the schema's complaint. */
	reason: string;
}

/** The records in file-name order, and the files that did not read or parse; nothing when the directory does not exist. */
export async function readRecordFiles<T>(directory: string, schema: z.ZodType<T>): Promise<{ records: T[]; problems: RecordProblem[] }> {
	const names = (await readdir(directory).catch(() => [] as string[])).filter((name) => name.endsWith('.json')).sort();
	const results = await mapLimited(names, 32, async (name): Promise<{ record: T } | { problem: RecordProblem }> => {
		const file = path.join(directory, name);
		try {
			const parsed = schema.safeParse(JSON.parse(await readFile(file, 'utf8')));
			return parsed.success ? { record: parsed.data } : { problem: { file, reason: z.prettifyError(parsed.error).split('\n')[0]! } };
		} catch (error) {
			return { problem: { file, reason: (error as Error).message } };
		}
	});
	return {
		records: results.flatMap((result) => ('record' in result ? [result.record] : [])),
		problems: results.flatMap((result) => ('problem' in result ? [result.problem] : [])),
	};
}
