import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { COLLECTORS } from '../../collectors/index.ts';
import { knownFactPaths } from '../../src/lib/scoring/validate.ts';
import { collectorDocs } from '../../src/cli/collector-docs.ts';
import { collectorsMarkdown, rubricMarkdown } from '../../src/lib/docs/markdown.ts';
import { DEFAULT_RUBRIC, loadRubric } from '../../src/lib/report/load-rubric.ts';
import { EVALUATORS_BY_NAME } from '../../src/lib/scoring/evaluators/index.ts';

describe('docs parity', () => {
	it.each(COLLECTORS.map((collector) => [collector.id]))('the %s README names every fact it emits', async (id) => {
		const readme = await readFile(new URL(`../../collectors/${id}/README.md`, import.meta.url), 'utf8');
		const facts = [...knownFactPaths()].filter((path) => path.startsWith(`${id}.`) && path.split('.').length === 2);

		for (const fact of facts) expect(readme, `${id}/README.md lacks ${fact}`).toContain(fact);
	});

	it('rubrics/README.md is the current generated docs of the default rubric, with every check', async () => {
		const committed = await readFile(new URL('../../rubrics/README.md', import.meta.url), 'utf8');
		const rubric = await loadRubric(DEFAULT_RUBRIC, EVALUATORS_BY_NAME);

		expect(committed, 'run `npm run docs` and commit the result').toBe(rubricMarkdown(rubric, EVALUATORS_BY_NAME, 'The default rubric'));
		for (const check of rubric.checks) expect(committed).toContain(`\`${check.id}\``);
	});

	it('collectors/README.md is the current generated docs of the collectors, with every fact', async () => {
		const committed = await readFile(new URL('../../collectors/README.md', import.meta.url), 'utf8');

		expect(committed, 'run `npm run docs` and commit the result').toBe(collectorsMarkdown(await collectorDocs()));
		for (const fact of [...knownFactPaths()].filter((path) => path.split('.').length === 2 && !path.startsWith('service.'))) expect(committed, fact).toContain(`\`${fact}\``);
	});
});
