import { readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCollection } from '../../collectors/run.ts';
import { defineCollector, type Logger } from '../../collectors/types.ts';
import { z } from 'zod';
import { resolveSettings } from '../../src/lib/config/load.ts';
import { PROJECT_ROOT, tempDirectory, writeTree } from '../support/temp.ts';

const NOW = new Date('2026-12-01T00:00:00Z');
const silent: Logger = { info() {}, warn() {}, progress() {} };

async function readTree(root: string): Promise<Record<string, string>> {
	const files: Record<string, string> = {};
	for (const directory of ['services', 'teams']) {
		for (const file of (await readdir(path.join(root, directory))).sort()) files[`${directory}/${file}`] = await readFile(path.join(root, directory, file), 'utf8');
	}
	for (const file of ['meta.json', 'discovery.json']) files[file] = await readFile(path.join(root, file), 'utf8');
	return files;
}

async function collectSample(catalog: string) {
	const settings = await resolveSettings({ config: path.join(PROJECT_ROOT, 'shipshape.config.yaml'), catalog }, PROJECT_ROOT);
	return runCollection(settings, { now: NOW, log: silent });
}

describe('collecting the sample organisation', () => {
	let first: Record<string, string>;
	let catalog: string;

	beforeAll(async () => {
		catalog = await tempDirectory('catalog-');
		await collectSample(catalog);
		first = await readTree(catalog);
	});

	it('finds every service with its owner, language and registration', () => {
		const services = Object.entries(first)
			.filter(([file]) => file.startsWith('services/'))
			.map(([, content]) => JSON.parse(content))
			.map((service) => [service.id, service.owner, service.ownerSource, service.language, service.registered]);

		expect(services).toEqual([
			['checkout-web', 'storefront', 'descriptor', 'TypeScript', true],
			['image-resizer', 'storefront', 'descriptor', 'Rust', true],
			['inventory-worker', 'fulfilment', 'descriptor', 'Python', true],
			['ledger', 'payments', 'descriptor', 'C#', true],
			['notifications', 'storefront', 'codeowners', 'TypeScript', true],
			['orders-service', 'fulfilment', 'descriptor', 'Java', true],
			['payments-api', 'payments', 'descriptor', 'Go', true],
			['reports', null, null, 'Ruby', false],
			['search-indexer', 'storefront', 'descriptor', 'Python', true],
		]);
	});

	it('is byte-identical when run twice on unchanged input', async () => {
		const second = await tempDirectory('catalog-');

		await collectSample(second);

		expect(await readTree(second)).toEqual(first);
	});

	it('matches the committed catalog (run `npm run collect` after changing the sample)', async () => {
		const committed = await readTree(path.join(PROJECT_ROOT, 'catalog'));
		const withoutTime = (tree: Record<string, string>) => ({ ...tree, 'meta.json': JSON.parse(tree['meta.json']!).collectors });

		expect(withoutTime(first)).toEqual(withoutTime(committed));
	});

	it('writes sorted keys, two-space indent and a trailing newline', () => {
		const content = first['services/payments-api.json']!;
		const keys = Object.keys(JSON.parse(content));

		expect(keys).toEqual([...keys].sort());
		expect(content.endsWith('}\n')).toBe(true);
		expect(content).toContain('\n  "aliases": [');
	});

	it('links inventory through aliases: the PaymentsAPI tag finds payments-api', () => {
		const payments = JSON.parse(first['services/payments-api.json']!);

		expect(payments.facts['terraform-state'].datastores).toEqual([expect.objectContaining({ address: 'module.payments.aws_db_instance.main', backupsEnabled: true })]);
	});

	it('never copies secret values from state files or manifests', () => {
		const everything = Object.values(first).join('\n');

		expect(everything).not.toContain('sample-state-password-do-not-copy');
		expect(everything).not.toContain('hunter2-sample-literal');
	});

	it('keeps collection time out of the records, in meta.json only', () => {
		const records = Object.entries(first).filter(([file]) => file !== 'meta.json').map(([, content]) => content).join('\n');

		expect(records).not.toContain('2026-12-01T00:00:00');
		expect(JSON.parse(first['meta.json']!).collectedAt).toBe('2026-12-01T00:00:00.000Z');
	});
});

describe('collecting bad input', () => {
	it('never crashes, never follows links out, and reports each problem with its file', async () => {
		const repo = await tempDirectory('repo-');
		const outside = await tempDirectory('outside-');
		await writeFile(path.join(outside, 'secret.txt'), 'TOP-SECRET-OUTSIDE');
		await writeTree(repo, {
			'good/service.yaml': 'name: good\nowner: team-a\n',
			'good/README.md': '# good\n',
			'good/main.go': 'package main\n',
			'typo/service.yaml': 'name: typo\nownr: team-a\n',
			'bomb/catalog-info.yaml': 'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\nkind: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n',
			'good/deploy/broken.yaml': 'apiVersion: v1\nkind: [unclosed\n',
			'good/binary.go': Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02]),
			'good/new\nline "quoted".go': 'package main\n',
			'good/Dockerfile': `FROM alpine:3.20\n# ${'x'.repeat(6 * 1024 * 1024)}\n`,
			'weird names/-rf $(touch pwned)/Dockerfile': 'FROM alpine:3.20\n',
			'weird names/-rf $(touch pwned)/main.py': 'print("ok")\n',
			'good/vendor/lib/service.yaml': 'name: vendored\n',
			'node_modules/x/service.yaml': 'name: dependency\n',
			'.gitignore': 'ignored/\n',
			'ignored/service.yaml': 'name: ignored\n',
		});
		await symlink(path.join(outside, 'secret.txt'), path.join(repo, 'good', 'opslevel.yml'));
		await symlink(path.join(repo, 'loop'), path.join(repo, 'loop'));
		const catalog = await tempDirectory('catalog-');

		const settings = await resolveSettings({ repo, catalog }, repo);
		const summary = await runCollection(settings, { now: NOW, log: silent });

		const good = JSON.parse(await readFile(path.join(catalog, 'services/good.json'), 'utf8'));
		const discovery = JSON.parse(await readFile(path.join(catalog, 'discovery.json'), 'utf8'));
		const all = [...good.errors, ...discovery.errors];
		const everything = (await readdir(path.join(catalog, 'services'))).sort();
		expect(everything).toEqual(['good.json', 'rf-touch-pwned.json']);
		expect(good.language).toBe('Go');
		expect(all).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ file: 'good/opslevel.yml', message: expect.stringContaining('outside the repository') }),
				expect.objectContaining({ file: 'good/deploy/broken.yaml', collector: 'k8s-manifests' }),
				expect.objectContaining({ file: 'typo/service.yaml', message: expect.stringContaining('ownr') }),
				expect.objectContaining({ file: 'bomb/catalog-info.yaml' }),
				expect.objectContaining({ file: 'good/Dockerfile', message: expect.stringContaining('over the 5 MB limit') }),
				expect.objectContaining({ file: 'good/binary.go', message: 'binary content in a Go source file; it is not counted as source' }),
			]),
		);
		expect(summary.inputErrorCount).toBe(all.length);
		expect(JSON.stringify(all)).not.toContain('TOP-SECRET-OUTSIDE');
		await expect(readFile(path.join(repo, 'weird names', '-rf $(touch pwned)', 'pwned'))).rejects.toThrow();
	});
});

describe('teams without a teams: section', () => {
	it('writes a team record per owning team, with the CODEOWNERS handle as its alias', async () => {
		const repo = await tempDirectory('repo-');
		await writeTree(repo, {
			'.github/CODEOWNERS': '/services/billing/ @acme/payments\n/services/refunds/ @acme/payments\n',
			'services/billing/Dockerfile': 'FROM golang:1.23\n',
			'services/billing/main.go': 'package main\n',
			'services/refunds/service.yaml': 'name: refunds\nowner: group:default/payments\n',
		});
		const catalog = await tempDirectory('catalog-');
		await runCollection(await resolveSettings({ repo, catalog }, repo), { now: NOW, log: silent });

		expect(await readdir(path.join(catalog, 'teams'))).toEqual(['payments.json']);
		expect(JSON.parse(await readFile(path.join(catalog, 'teams/payments.json'), 'utf8'))).toMatchObject({ id: 'payments', aliases: ['@acme/payments'], services: ['billing', 'refunds'] });
	});
});

describe('programs a collector may start', () => {
	// Two throwaway collectors: one declares `sh`, one does not. Only the first can find or run it.
	const tryShell = (id: string, programs?: string[]) =>
		defineCollector({
			id,
			version: 1,
			description: 'tries the shell',
			source: 'a shell',
			howToEnable: 'n/a',
			facts: z.object({ said: z.string(), found: z.boolean() }),
			...(programs === undefined ? {} : { programs }),
			async collect(context) {
				const found = context.programs.available('sh');
				const said = (await context.programs.run('sh', ['-c', 'printf "%s" "${SECRET_TOKEN:-none}"'], { cwd: context.repoRoot, timeoutMs: 5_000 })).toString('utf8');
				return { facts: new Map(context.services.map((service) => [service.id, { said, found }])), problems: [] };
			},
		});

	it('runs a declared program without the caller\'s environment, and refuses one not declared', async () => {
		const repo = await tempDirectory('programs-');
		await writeTree(repo, { 'services/api/service.yaml': 'name: api\nowner: team-a\n' });
		const work = await tempDirectory('programs-work-');
		await writeFile(path.join(work, 'shipshape.config.yaml'), `repo: ${JSON.stringify(repo)}\ncatalog: catalog\n`);
		const settings = await resolveSettings({ config: path.join(work, 'shipshape.config.yaml') }, work);
		await runCollection(settings, { now: NOW, log: silent, env: { PATH: process.env.PATH, SECRET_TOKEN: 'do-not-pass' }, collectors: [tryShell('declares-sh', ['sh']), tryShell('declares-nothing')] });
		const record = JSON.parse(await readFile(path.join(work, 'catalog/services/api.json'), 'utf8'));
		expect(record.facts['declares-sh']).toEqual({ said: 'none', found: true });
		expect(record.facts['declares-nothing']).toBeUndefined();
		const meta = JSON.parse(await readFile(path.join(work, 'catalog/meta.json'), 'utf8'));
		expect(meta.collectors.find((status: { id: string }) => status.id === 'declares-nothing')).toMatchObject({ status: 'failed', reason: 'collector declares-nothing did not declare the program sh (meta `programs`)' });
	});
});
