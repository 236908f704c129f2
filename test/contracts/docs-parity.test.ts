import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { COLLECTORS } from '../../collectors/index.ts';
import { knownFactPaths } from '../../src/lib/scoring/validate.ts';

describe('docs parity', () => {
	it.each(COLLECTORS.map((collector) => [collector.id]))('the %s README names every fact it emits', async (id) => {
		const readme = await readFile(new URL(`../../collectors/${id}/README.md`, import.meta.url), 'utf8');
		const facts = [...knownFactPaths()].filter((path) => path.startsWith(`${id}.`) && path.split('.').length === 2);

		for (const fact of facts) expect(readme, `${id}/README.md lacks ${fact}`).toContain(fact);
	});

	it('the README lists every check of the default rubric', async () => {
		const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
		const { readdir } = await import('node:fs/promises');
		const checks = (await readdir(new URL('../../rubrics/checks/', import.meta.url))).map((file) => file.replace(/\.yaml$/, ''));

		for (const check of checks) expect(readme, `README lacks ${check}`).toContain(`\`${check}\``);
	});
});
