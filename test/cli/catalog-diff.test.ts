// Catalog diffs a reviewer can read: the sample organisation adopted in a real git repository,
// collected as the scheduled job does. Commits that only add work to services change their activity
// records and never their service records, and the summary says "activity only"; a disabled backup
// and a changed owner are named, with the level change, in the three formats (golden files).
// After an intended change of output: UPDATE_GOLDEN=1 npm test, then review the diff.
import { expectGolden } from '../support/golden.ts';
import { spawnSync } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { commit, git, initRepository } from '../support/git.ts';
import { PROJECT_ROOT, SAMPLE_ORG, tempDirectory } from '../support/temp.ts';
import { treeOf } from '../support/tree.ts';

const BIN = path.join(PROJECT_ROOT, 'src/cli/shipshape.mjs');
const GOLDEN = path.join(PROJECT_ROOT, 'test/cli/golden');
const NOW = '2026-12-01T00:00:00Z';

let work: string;
let repo: string;

function shipshape(args: string[]) {
	const result = spawnSync(process.execPath, [BIN, ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', GITHUB_TOKEN: '' } });
	return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The scheduled job: collect, then commit the catalog. */
function scheduledCollection(message: string) {
	const collected = shipshape(['collect', '--offline', '--quiet', '--now', NOW]);
	if (collected.status !== 0) throw new Error(collected.stderr + collected.stdout);
	git(repo, ['add', 'catalog']);
	git(repo, ['commit', '-q', '--allow-empty', '-m', message]);
}

const work1 = { author: 'Ana', email: 'ana@example.com' };

beforeAll(async () => {
	work = await tempDirectory('catalog-diff-');
	repo = path.join(work, 'shop');
	await cp(path.join(SAMPLE_ORG, 'monorepo'), repo, { recursive: true });
	await cp(path.join(SAMPLE_ORG, 'inventory'), path.join(work, 'inventory'), { recursive: true });
	await writeFile(path.join(repo, 'shipshape.config.yaml'), 'inventory: ../inventory\n');
	initRepository(repo);
	git(repo, ['add', '-A']);
	git(repo, ['commit', '-q', '-m', 'The shop'], { GIT_AUTHOR_DATE: '2026-11-01T10:00:00Z', GIT_COMMITTER_DATE: '2026-11-01T10:00:00Z' });
	scheduledCollection('Readiness: first catalog');
}, 120_000);

describe('shipshape diff --catalog-from', () => {
	it.each([
		['services/payments-api/NOTES.md', 'services/ledger/NOTES.md'],
		['services/checkout-web/src/NOTES.md', 'services/orders-service/NOTES.md'],
	])('after commits that only add work (%s, %s), service records are byte-identical, activity records change, and the summary says activity only', async (...files) => {
		const records = await treeOf(path.join(repo, 'catalog/services'));
		const activity = await treeOf(path.join(repo, 'catalog/activity'));
		for (const [index, file] of files.entries()) await commit(repo, { ...work1, date: `2026-11-2${index}T10:00:00Z`, files: { [file]: `Notes ${index}.\n` }, message: `Notes for ${file}` });

		const collected = shipshape(['collect', '--offline', '--quiet', '--now', NOW]);
		const summary = shipshape(['diff', '--catalog-from', 'HEAD', '--now', NOW]);

		expect(collected.status, collected.stderr).toBe(0);
		expect(await treeOf(path.join(repo, 'catalog/services'))).toEqual(records);
		const changedActivity = Object.entries(await treeOf(path.join(repo, 'catalog/activity'))).filter(([file, hash]) => activity[file] !== hash).map(([file]) => file);
		expect(changedActivity.length).toBeGreaterThanOrEqual(2);
		expect(git(repo, ['status', '--porcelain', '--', 'catalog/services'])).toBe('');
		expect(summary.status, summary.stderr).toBe(0);
		expect(summary.stdout).toMatch(/^Catalog changes from HEAD to working tree:\n {2}activity only: \d+ services' pull requests, issues, deploys or commits changed; no configuration or readiness changed\.\n$/);
		git(repo, ['add', 'catalog']);
		git(repo, ['commit', '-q', '-m', 'Readiness: activity']);
	}, 60_000);

	describe('after a backup was disabled and an owner changed', () => {
		beforeAll(async () => {
			const stateFile = path.join(work, 'inventory/terraform/production.tfstate');
			const state = JSON.parse(await readFile(stateFile, 'utf8'));
			const database = state.resources.find((resource: { module?: string; type: string }) => resource.module === 'module.payments' && resource.type === 'aws_db_instance');
			database.instances[0].attributes.backup_retention_period = 0;
			await writeFile(stateFile, JSON.stringify(state, null, 2));
			const descriptor = path.join(repo, 'services/payments-api/service.yaml');
			await writeFile(descriptor, (await readFile(descriptor, 'utf8')).replace('owner: payments', 'owner: fulfilment'));
			git(repo, ['commit', '-q', '-am', 'Hand payments to fulfilment'], { GIT_AUTHOR_DATE: '2026-11-25T10:00:00Z', GIT_COMMITTER_DATE: '2026-11-25T10:00:00Z' });
			const collected = shipshape(['collect', '--offline', '--quiet', '--now', NOW]);
			if (collected.status !== 0) throw new Error(collected.stderr);
		}, 60_000);

		it.each([
			['text', 'catalog-diff.txt'],
			['markdown', 'catalog-diff.md'],
			['json', 'catalog-diff.json'],
		])('--format %s names both changes and the level change (golden file)', async (format, golden) => {
			const result = shipshape(['diff', '--catalog-from', 'HEAD', '--format', format, '--now', NOW]);

			expect(result.status, result.stderr).toBe(0);
			await expectGolden(result.stdout, path.join(GOLDEN, golden));
			expect(result.stdout).toContain('owner payments → fulfilment (descriptor)');
			expect(result.stdout).toMatch(/datastore `module\.payments\.aws_db_instance\.main`: backups disabled/);
		});

		it('compares two revisions with --to, lists every service as new from a revision without a catalog, and exits 2 on an unknown revision', () => {
			scheduledCollection('Readiness: payments handed over');
			const between = shipshape(['diff', '--catalog-from', 'HEAD~1', '--to', 'HEAD', '--format', 'json', '--now', NOW]);
			const root = git(repo, ['rev-list', '--max-parents=0', 'HEAD']).trim();
			const first = shipshape(['diff', '--catalog-from', root, '--to', 'HEAD', '--now', NOW]);
			const unknown = shipshape(['diff', '--catalog-from', 'no-such-revision', '--now', NOW]);

			expect(between.status, between.stderr).toBe(0);
			expect(JSON.parse(between.stdout)).toMatchObject({ from: 'HEAD~1', to: 'HEAD', changed: [expect.objectContaining({ id: 'payments-api' })] });
			expect(first.status, first.stderr).toBe(0);
			expect(first.stdout).toMatch(new RegExp(`^Catalog changes from ${root} to HEAD:\n  \\+ checkout-web: new service \\(`));
			expect(first.stdout.match(/: new service/g)).toHaveLength(9);
			expect(unknown.status).toBe(2);
			expect(unknown.stderr).toMatch(/"no-such-revision" is not a revision of this repository/);
		});
	});
});

describe('diff-friendly catalog files', () => {
	it('marks every generated catalog file as generated, here and in the repositories `init` sets up', async () => {
		const { GENERATED_CATALOG_FILES } = await import('../../src/cli/init.ts');
		const files = Object.keys(await treeOf(path.join(PROJECT_ROOT, 'catalog'), (file) => !file.endsWith('.json') || file.startsWith('schema/'))).map((file) => `catalog/${file}`);
		const attributes = spawnSync('git', ['check-attr', 'linguist-generated', '--', ...files], { cwd: PROJECT_ROOT, encoding: 'utf8' }).stdout;
		const ours = (await readFile(path.join(PROJECT_ROOT, '.gitattributes'), 'utf8')).split('\n').filter((line) => line.startsWith('catalog/') && !line.startsWith('catalog/schema/')).map((line) => line.split(' ')[0]);

		expect(files).toEqual(expect.arrayContaining(['catalog/activity/ledger.json', 'catalog/services/ledger.json']));
		expect(attributes.split('\n').filter((line) => line !== '' && !line.endsWith(': true'))).toEqual([]);
		expect(ours.sort()).toEqual([...GENERATED_CATALOG_FILES].sort());
	});

	it('keeps no timestamps in service records: times are activity or meta.json', async () => {
		const records = Object.keys(await treeOf(path.join(repo, 'catalog/services')));
		for (const file of records) expect(await readFile(path.join(repo, 'catalog/services', file), 'utf8'), file).not.toMatch(/"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
	});

	it('with activity.commit: false keeps activity in the cache, outside the tracked tree, and scores the same', async () => {
		const before = shipshape(['score', '--format', 'json', '--now', NOW]);
		await writeFile(path.join(repo, 'shipshape.config.yaml'), 'inventory: ../inventory\nactivity: { commit: false }\n');
		const collected = shipshape(['collect', '--offline', '--quiet', '--now', NOW]);
		const after = shipshape(['score', '--format', 'json', '--now', NOW]);

		expect(collected.status, collected.stderr).toBe(0);
		expect(Object.keys(await treeOf(path.join(repo, 'catalog/activity')))).toEqual([]);
		expect(Object.keys(await treeOf(path.join(repo, '.shipshape/activity'))).length).toBe(9);
		expect(after.stdout).toBe(before.stdout);
		await writeFile(path.join(repo, 'shipshape.config.yaml'), 'inventory: ../inventory\n');
	});
});
