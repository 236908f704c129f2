// The user's rubric extends the default instead of copying it: disable, override, extra checks,
// level titles, chains of overlays; every mistake listed at once with file:line:column.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Rubric } from '../../rubrics/schema.ts';
import { DEFAULT_RUBRIC, loadRubric, RubricError } from '../../src/lib/report/load-rubric.ts';
import { EVALUATORS_BY_NAME } from '../../src/lib/scoring/evaluators/index.ts';
import { tempDirectory, writeTree } from '../support/temp.ts';

const EXTRA = 'id: has-on-call-rota\nname: Has an on-call rota\nlevel: silver\ncategory: observability\ndescription: Someone answers the page.\nremediation: Add the service to the rota.\nfact: descriptor.runbookUrl\nexpect: { op: exists }\n';

let base: Rubric;

async function overlay(files: Record<string, string>): Promise<string> {
	const directory = await tempDirectory('overlay-');
	await writeTree(directory, files);
	return path.join(directory, 'shipshape/rubric.yaml');
}

const load = (file: string) => loadRubric(file, EVALUATORS_BY_NAME);
const check = (rubric: Rubric, id: string) => rubric.checks.find((candidate) => candidate.id === id);

beforeAll(async () => {
	base = await loadRubric(DEFAULT_RUBRIC, EVALUATORS_BY_NAME);
});

describe('an overlay', () => {
	it('leaves out the disabled checks and keeps the rest as they are', async () => {
		const rubric = await load(await overlay({ 'shipshape/rubric.yaml': 'extends: default\ndisable: [logs-shipped-to-elk, secrets-in-vault]\n' }));

		expect(rubric.checks.map((candidate) => candidate.id)).toEqual(base.checks.map((candidate) => candidate.id).filter((id) => id !== 'logs-shipped-to-elk' && id !== 'secrets-in-vault'));
		expect(check(rubric, 'has-owner')).toEqual(check(base, 'has-owner'));
	});

	it.each<[string, string, (rubric: Rubric) => unknown, unknown]>([
		['moves a check to another level', 'has-multiple-replicas: { level: silver }', (rubric) => check(rubric, 'has-multiple-replicas')!.level, 'silver'],
		[
			'merges options key by key (the other minimums stay)',
			'framework-up-to-date: { options: { minimums: { "Spring Boot": "3.3.0" } } }',
			(rubric) => {
				const logic = check(rubric, 'framework-up-to-date')!.logic;
				return logic.kind === 'evaluator' ? [(logic.options.minimums as Record<string, string>)['Spring Boot'], (logic.options.minimums as Record<string, string>)['Node.js']] : null;
			},
			['3.3.0', '20.0.0'],
		],
		['moves a staged rollout', 'secret-scanning-enabled: { enforcedFrom: 2027-06-01 }', (rubric) => check(rubric, 'secret-scanning-enabled')!.enforcedFrom, '2027-06-01'],
		['enforces a staged check now with null', 'secret-scanning-enabled: { enforcedFrom: null }', (rubric) => 'enforcedFrom' in check(rubric, 'secret-scanning-enabled')!, false],
		['replaces the remediation', 'has-runbook: { remediation: "Write it in https://wiki.acme.example/runbooks" }', (rubric) => check(rubric, 'has-runbook')!.remediation, 'Write it in https://wiki.acme.example/runbooks'],
		['narrows the scope', 'has-multiple-replicas: { appliesTo: { tiers: [1] } }', (rubric) => check(rubric, 'has-multiple-replicas')!.appliesTo, { tiers: [1] }],
	])('%s', async (_name, override, read, expected) => {
		const rubric = await load(await overlay({ 'shipshape/rubric.yaml': `override:\n  ${override}\n` }));

		expect(read(rubric)).toEqual(expected);
	});

	it('adds extra checks from its checks directory and re-titles levels', async () => {
		const rubric = await load(await overlay({ 'shipshape/rubric.yaml': 'checks: ./checks\nlevels: { bronze: { title: Foundations } }\n', 'shipshape/checks/has-on-call-rota.yaml': EXTRA }));

		expect(check(rubric, 'has-on-call-rota')).toMatchObject({ level: 'silver', logic: { kind: 'expectation', fact: 'descriptor.runbookUrl' } });
		expect(rubric.levels[0]).toEqual({ ...base.levels[0], title: 'Foundations' });
		expect(rubric.checks.length).toBe(base.checks.length + 1);
	});

	it('extends another overlay or a rubric directory by path', async () => {
		const file = await overlay({
			'shipshape/rubric.yaml': 'extends: ./org.yaml\ndisable: [has-readme]\n',
			'shipshape/org.yaml': `extends: ${DEFAULT_RUBRIC}\ndisable: [pii-declared]\n`,
		});

		const rubric = await load(file);

		expect(check(rubric, 'has-readme')).toBeUndefined();
		expect(check(rubric, 'pii-declared')).toBeUndefined();
		expect(rubric.checks.length).toBe(base.checks.length - 2);
	});

	it('extends a rubric shipped by an installed package', async () => {
		const file = await overlay({
			'shipshape/rubric.yaml': 'extends: "@acme/readiness-rubric"\n',
			'node_modules/@acme/readiness-rubric/package.json': JSON.stringify({ name: '@acme/readiness-rubric', version: '1.0.0', shipshape: { rubric: './rubric.yaml' } }),
			'node_modules/@acme/readiness-rubric/rubric.yaml': 'disable: [deployed-recently]\n',
		});

		expect(check(await load(file), 'deployed-recently')).toBeUndefined();
	});

	it('has its own version: stable for the same files, new when the overlay or an extra check changes', async () => {
		const files = { 'shipshape/rubric.yaml': 'checks: ./checks\ndisable: [has-readme]\n', 'shipshape/checks/has-on-call-rota.yaml': EXTRA };
		const first = await load(await overlay(files));
		const same = await load(await overlay(files));
		const otherOverlay = await load(await overlay({ ...files, 'shipshape/rubric.yaml': 'checks: ./checks\ndisable: [has-tests]\n' }));
		const otherCheck = await load(await overlay({ ...files, 'shipshape/checks/has-on-call-rota.yaml': EXTRA.replace('level: silver', 'level: gold') }));

		expect(same.version).toBe(first.version);
		expect(new Set([base.version, first.version, otherOverlay.version, otherCheck.version]).size).toBe(4);
	});
});

describe('a wrong overlay', () => {
	it('lists every problem at once, each with file, line and column', async () => {
		const file = await overlay({
			'shipshape/rubric.yaml': [
				'disable: [has-owner, no-such-check]',
				'override:',
				'  ghost-check: { level: silver }',
				'  has-health-probes: { options: { probes: [startup] } }',
				'  has-readme: { options: { strict: true } }',
				'  has-tests: { level: platinum }',
				'levels:',
				'  diamond: { title: Diamond }',
				'checks: ./checks',
				'',
			].join('\n'),
			'shipshape/checks/has-runbook.yaml': EXTRA.replace('has-on-call-rota', 'has-runbook'),
			'shipshape/checks/uses-vault.yaml': EXTRA.replace('has-on-call-rota', 'uses-vault').replace('descriptor.runbookUrl', 'descriptor.vault'),
		});
		const where = path.dirname(file);

		const error = await load(file).catch((caught: unknown) => caught);

		expect(error).toBeInstanceOf(RubricError);
		expect((error as RubricError).message.replaceAll(where, '<shipshape>')).toMatchInlineSnapshot(`
			"The rubric in <shipshape>/rubric.yaml has 8 problem(s):
			  - <shipshape>/rubric.yaml:1:22: disable.1: no check "no-such-check" in the rubric this extends (default); see its /checks/ page for the ids.
			  - <shipshape>/rubric.yaml:3:3: override.ghost-check: no check "ghost-check" in the rubric this extends (default); see its /checks/ page for the ids.
			  - <shipshape>/rubric.yaml:5:17: override.has-readme.options: the check has no evaluator (it is \`fact\` + \`expect\`), so it takes no options.
			  - <shipshape>/rubric.yaml:8:3: levels.diamond: no level "diamond"; use one of bronze, silver, gold.
			  - <shipshape>/checks/has-runbook.yaml: id "has-runbook" is a check of the rubric this extends; give the extra check another id, or change that one with \`override\`.
			  - <shipshape>/rubric.yaml:4:44: override.has-health-probes.options.probes.0: Invalid option: expected one of "liveness"|"readiness" (options of evaluator "has-health-probes").
			  - <shipshape>/rubric.yaml:6:16: override.has-tests.level: level "platinum" is not in levels.yaml; use one of bronze, silver, gold.
			  - <shipshape>/checks/uses-vault.yaml:7:1: fact: fact "descriptor.vault" is not in catalog/schema/facts.ts; add it there (with its collector) or fix the path."
		`);
	});

	it.each<[string, Record<string, string>, RegExp]>([
		['a misspelt key', { 'shipshape/rubric.yaml': 'disabel: [has-owner]\n' }, /rubric\.yaml:1:1: disabel: Unrecognized key: "disabel"/],
		['a cycle of overlays', { 'shipshape/rubric.yaml': 'extends: ./a.yaml\n', 'shipshape/a.yaml': 'extends: ./rubric.yaml\n' }, /rubric\.yaml: extends itself through .*rubric\.yaml → .*a\.yaml → .*rubric\.yaml; break the cycle/],
		['a package that is not installed', { 'shipshape/rubric.yaml': 'extends: "@acme/missing-rubric"\n' }, /rubric\.yaml:1:1: extends: package "@acme\/missing-rubric" is not installed; run `npm install --save-dev @acme\/missing-rubric`/],
		['a missing checks directory', { 'shipshape/rubric.yaml': 'checks: ./nowhere\n' }, /nowhere: cannot read the checks directory \(ENOENT\)/],
		['disabling every check of a level', { 'shipshape/rubric.yaml': `disable: [${['deployed-recently', 'has-multiple-replicas', 'has-pod-disruption-budget', 'pinned-base-image', 'runs-as-non-root'].join(', ')}]\n` }, /rubric\.yaml:1:1: levels\.2\.id: level "gold" has no check; add one or remove the level\. \(after this overlay's disable and override\)/],
	])('%s', async (_name, files, message) => {
		const error = await load(await overlay(files)).catch((caught: unknown) => caught);

		expect(error).toBeInstanceOf(RubricError);
		expect((error as RubricError).message).toMatch(message);
	});
});

describe('rubric: in the config', () => {
	it('takes an overlay file, and "default"', async () => {
		const directory = await tempDirectory('overlay-config-');
		await mkdir(path.join(directory, 'shipshape'));
		await writeFile(path.join(directory, 'shipshape/rubric.yaml'), 'disable: [has-readme]\n');
		const { resolveSettings } = await import('../../src/lib/config/load.ts');

		await writeFile(path.join(directory, 'shipshape.config.yaml'), 'rubric: shipshape/rubric.yaml\n');
		const overlaid = await resolveSettings({}, directory);
		await writeFile(path.join(directory, 'shipshape.config.yaml'), 'rubric: default\n');
		const shipped = await resolveSettings({}, directory);

		expect(check(await load(overlaid.rubric), 'has-readme')).toBeUndefined();
		expect(shipped.rubric).toBe(DEFAULT_RUBRIC);
	});
});

describe('evaluators under their former names', () => {
	// Evaluators were renamed after the checks they serve; a user's own check written before that
	// still names the old one, and must load and judge the same way.
	it('loads a user check that names an evaluator by its former name, and scores it with the renamed one', async () => {
		const legacy = 'id: db-backups\nname: Databases are backed up\nlevel: silver\ncategory: reliability\ndescription: Data survives a bad migration.\nremediation: Turn on backups.\nevaluator: datastores-have-backups\n';
		const rubric = await load(await overlay({ 'shipshape/rubric.yaml': 'extends: default\nchecks: ./checks\n', 'shipshape/checks/db-backups.yaml': legacy }));

		expect(check(rubric, 'db-backups')!.logic).toEqual({ kind: 'evaluator', evaluator: 'datastores-have-backups', options: {} });
		expect(EVALUATORS_BY_NAME.get('datastores-have-backups')).toBe(EVALUATORS_BY_NAME.get('backups-enabled'));
		expect(EVALUATORS_BY_NAME.get('datastores-have-backups')!.meta.name).toBe('backups-enabled');
	});
});
