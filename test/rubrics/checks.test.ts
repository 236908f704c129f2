import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRubric, RubricError } from '../../src/lib/report/load-rubric.ts';
import { EVALUATORS_BY_NAME } from '../../src/lib/scoring/evaluators/index.ts';
import { tempDirectory } from '../support/temp.ts';

const RUBRIC = new URL('../../rubrics', import.meta.url).pathname;

async function writeRubric(files: Record<string, string>): Promise<string> {
	const directory = await tempDirectory('rubric-');
	await mkdir(path.join(directory, 'checks'));
	for (const [name, content] of Object.entries(files)) await writeFile(path.join(directory, name), content);
	return directory;
}

const LEVELS = 'levels:\n  - { id: bronze, title: Bronze, description: Minimum. }\n  - { id: silver, title: Silver, description: Baseline. }\n';
const VALID = 'id: ok\nname: Ok\nlevel: bronze\ncategory: quality\ndescription: Why.\nremediation: How.\nfact: repo-files.hasTests\nexpect: { op: equals, value: true }\n';

describe('the default rubric', () => {
	it('loads and cross-validates every check', async () => {
		const rubric = await loadRubric(RUBRIC, EVALUATORS_BY_NAME);

		expect(rubric.levels.map((level) => level.id)).toEqual(['bronze', 'silver', 'gold']);
		expect(rubric.checks.length).toBeGreaterThanOrEqual(10);
		expect(rubric.version).toMatch(/^[0-9a-f]{12}$/);
	});

	it('says every finding in plain words: each fact + expect check has its own messages, and none names a fact path', async () => {
		const rubric = await loadRubric(RUBRIC, EVALUATORS_BY_NAME);
		const factPath = /\b(?:descriptor|github|k8s-manifests|repo-files|terraform-state|aws-inventory|service)\.[a-zA-Z]+/;
		for (const check of rubric.checks) {
			if (check.logic.kind !== 'expectation') continue;
			expect(check.logic.messages, `${check.id}: add messages: { pass, fail }`).toBeDefined();
			expect(check.logic.messages!.fail, check.id).not.toMatch(factPath);
			expect(check.logic.messages!.pass, check.id).not.toMatch(factPath);
		}
		for (const evaluator of EVALUATORS_BY_NAME.values()) for (const message of Object.values(evaluator.meta.messages)) expect(message, evaluator.meta.name).not.toMatch(factPath);
	});

	it('has a stable version hash for the same content', async () => {
		const first = await loadRubric(RUBRIC, EVALUATORS_BY_NAME);
		const second = await loadRubric(RUBRIC, EVALUATORS_BY_NAME);

		expect(second.version).toBe(first.version);
	});
});

describe('a malformed rubric', () => {
	it('fails with every problem at once, each with file, line, column and what to do', async () => {
		const directory = await writeRubric({
			'levels.yaml': LEVELS,
			'checks/ok.yaml': VALID,
			'checks/typo.yaml': VALID.replace('id: ok', 'id: typo').replace('remediation:', 'remediaton:'),
			'checks/broken.yaml': 'id: broken\nname: [unclosed\n',
			'checks/renamed.yaml': VALID.replace('id: ok', 'id: other-name'),
			'checks/unknown-fact.yaml': VALID.replace('id: ok', 'id: unknown-fact').replace('repo-files.hasTests', 'repo-files.hasTest'),
			'checks/bad-evaluator.yaml': 'id: bad-evaluator\nname: B\nlevel: platinum\ncategory: quality\ndescription: D.\nremediation: R.\nevaluator: workloads-have-probes\noptions:\n  probes: [startup]\n',
			'checks/both.yaml': VALID.replace('id: ok', 'id: both') + 'evaluator: workloads-have-probes\n',
		});

		const error = await loadRubric(directory, EVALUATORS_BY_NAME).catch((caught: unknown) => caught);

		expect(error).toBeInstanceOf(RubricError);
		expect((error as RubricError).message.replaceAll(directory, '<rubric>')).toMatchInlineSnapshot(`
			"The rubric in <rubric> has 9 problem(s):
			  - <rubric>/checks/both.yaml:9:1: evaluator: Use either \`fact\` + \`expect\` or \`evaluator\`, not both.
			  - <rubric>/checks/broken.yaml:3:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]
			  - <rubric>/checks/renamed.yaml: id "other-name" differs from the file name; rename the file to other-name.yaml or change the id to "renamed".
			  - <rubric>/checks/typo.yaml:1:1: remediation: required field is missing; add \`remediation:\`
			  - <rubric>/checks/typo.yaml:6:1: remediaton: Unrecognized key: "remediaton" (check the spelling; see the JSON Schema for the allowed fields)
			  - <rubric>/checks/bad-evaluator.yaml:3:1: level: level "platinum" is not in levels.yaml; use one of bronze, silver.
			  - <rubric>/checks/bad-evaluator.yaml:9:12: options.probes.0: Invalid option: expected one of "liveness"|"readiness" (options of evaluator "has-health-probes").
			  - <rubric>/checks/unknown-fact.yaml:7:1: fact: fact "repo-files.hasTest" is not in catalog/schema/facts.ts; add it there (with its collector) or fix the path.
			  - <rubric>/levels.yaml:3:7: levels.1.id: level "silver" has no check; add one or remove the level."
		`);
	});

	it('never yields a partial rubric when one file is broken', async () => {
		const directory = await writeRubric({ 'levels.yaml': LEVELS, 'checks/ok.yaml': VALID, 'checks/broken.yaml': ': :\n' });

		await expect(loadRubric(directory, EVALUATORS_BY_NAME)).rejects.toThrow(RubricError);
	});
});
