import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMAS, renderJsonSchema } from '../../src/lib/schemas/export.ts';

describe('committed JSON Schema', () => {
	it.each(JSON_SCHEMAS.map(([file, schema]) => [file, schema] as const))('%s matches a fresh render of its zod schema (run `npm run schema`)', async (file, schema) => {
		const committed = await readFile(new URL(`../../${file}`, import.meta.url), 'utf8');

		expect(committed).toBe(renderJsonSchema(schema));
	});
});
