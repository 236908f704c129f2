// Organisations with many repositories: real git repositories in a temp directory, `collect
// --fragment` in each (as a CI matrix job would), `merge` in different orders, a corrupt fragment,
// an older fragment, an inventory fragment, then `build`, all through the bin as a real process.
import { spawnSync } from 'node:child_process';
import { cp, mkdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { commit, git, initRepository } from '../support/git.ts';
import { PROJECT_ROOT, SAMPLE_ORG, tempDirectory, writeTree } from '../support/temp.ts';
import { treeOf } from '../support/tree.ts';

const BIN = path.join(PROJECT_ROOT, 'src/cli/shipshape.mjs');
const NOW = '2026-12-01T00:00:00Z';

let work: string;

function shipshape(args: string[], cwd = work) {
	const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', GITHUB_TOKEN: '' } });
	return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** What a team commits: descriptors, CODEOWNERS, code, a Dockerfile; each repository its own shape. */
const REPOSITORIES: Record<string, { date: string; files: Record<string, string> }> = {
	'acme/shop': {
		date: '2026-11-20T10:00:00Z',
		files: {
			'.github/CODEOWNERS': '* @acme/shop\n/services/orders/ @acme/fulfilment\n',
			'services/web/catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: web\n  description: The shop front.\nspec:\n  type: website\n  lifecycle: production\n  owner: shop\n  dependsOn:\n    - component:orders\n',
			'services/web/package.json': '{ "name": "web", "scripts": { "test": "vitest" } }\n',
			'services/web/src/index.ts': 'export const page = "shop";\n',
			'services/orders/service.yaml': 'name: orders\nowner: fulfilment\ntier: 1\nlifecycle: production\ndescription: Takes orders.\n',
			'services/orders/Dockerfile': 'FROM node:24-alpine\nUSER node\nCMD ["node", "index.js"]\n',
			'services/orders/index.js': 'console.log("orders");\n',
		},
	},
	'acme/billing': {
		date: '2026-11-21T10:00:00Z',
		files: {
			CODEOWNERS: '* @acme/billing\n',
			'payments/service.yaml': 'name: payments\nowner: billing\ntier: 1\nlifecycle: production\ndescription: Charges cards.\ndependsOn:\n  - orders\n',
			'payments/main.go': 'package main\n\nfunc main() {}\n',
			'payments/go.mod': 'module example.com/payments\n\ngo 1.23\n',
			// The same id as acme/shop's orders: a different service that must not be merged into it.
			'orders/service.yaml': 'name: orders\nowner: billing\ntier: 2\nlifecycle: production\ndescription: Invoices for orders.\n',
			'orders/main.go': 'package main\n\nfunc main() {}\n',
		},
	},
	'acme/tools': {
		date: '2026-11-22T10:00:00Z',
		files: {
			'linter-bot/Dockerfile': 'FROM python:3.13-slim\nCOPY . /app\nCMD ["python", "/app/bot.py"]\n',
			'linter-bot/bot.py': 'print("lint")\n',
			'README.md': '# Tools\n',
		},
	},
};

const slug = (repository: string) => repository.replace('/', '-');
const repoDirectory = (repository: string) => path.join(work, 'checkouts', slug(repository));

async function createRepository(repository: string): Promise<void> {
	const directory = repoDirectory(repository);
	await mkdir(directory, { recursive: true });
	initRepository(directory);
	git(directory, ['remote', 'add', 'origin', `git@github.com:${repository}.git`]);
	await commit(directory, { author: 'Ana', email: 'ana@example.com', date: REPOSITORIES[repository]!.date, files: REPOSITORIES[repository]!.files, message: 'Initial' });
}

/** A matrix job: collect one repository into its fragment directory (the default, from `origin`). */
function collectFragment(repository: string, extra: string[] = []) {
	return shipshape(['collect', '--repo', repoDirectory(repository), '--fragment', '--offline', '--quiet', '--now', NOW, ...extra]);
}

beforeAll(async () => {
	work = await tempDirectory('merge-');
	for (const repository of Object.keys(REPOSITORIES)) await createRepository(repository);
	for (const repository of Object.keys(REPOSITORIES)) {
		const result = collectFragment(repository);
		if (result.status !== 0) throw new Error(`collect --fragment ${repository}: ${result.stderr}${result.stdout}`);
	}
}, 120_000);

describe('collect --fragment', () => {
	it('writes fragments/<repository-slug>/ with a manifest naming the repository, its commit and the collector versions; every service record names its repository', async () => {
		const manifest = JSON.parse(await readFile(path.join(work, 'fragments/acme-billing/fragment.json'), 'utf8'));
		const payments = JSON.parse(await readFile(path.join(work, 'fragments/acme-billing/services/payments.json'), 'utf8'));

		expect(manifest).toMatchObject({ kind: 'repository', repository: 'acme/billing', commit: git(repoDirectory('acme/billing'), ['rev-parse', 'HEAD']).trim(), committedAt: '2026-11-21T10:00:00+00:00', collectedAt: '2026-12-01T00:00:00.000Z' });
		expect(manifest.collectors.map((collector: { id: string }) => collector.id)).toEqual(['aws-inventory', 'descriptor', 'github', 'k8s-manifests', 'repo-files', 'terraform-state']);
		expect(manifest.collectors.every((collector: { version: number }) => collector.version >= 1)).toBe(true);
		expect(Object.keys(manifest.files)).toEqual(expect.arrayContaining(['meta.json', 'discovery.json', 'services/orders.json', 'services/payments.json', 'teams/billing.json']));
		expect(payments).toMatchObject({ id: 'payments', repository: 'acme/billing', owner: 'billing', dependsOn: ['orders'] });
	});

	it('collecting an unchanged repository again leaves its fragment byte-identical', async () => {
		const before = await treeOf(path.join(work, 'fragments/acme-shop'));
		const result = collectFragment('acme/shop');

		expect(result.status).toBe(0);
		expect(result.stdout).toContain('Nothing changed');
		expect(await treeOf(path.join(work, 'fragments/acme-shop'))).toEqual(before);
	});

	it.each<[string, string[], RegExp]>([
		['--repository without --fragment', ['collect', '--repository', 'acme/x'], /--repository names the repository of a fragment: use it with --fragment/],
		['--services-from without --fragment', ['collect', '--services-from', 'catalog'], /--services-from makes an inventory fragment: use it with --fragment/],
	])('refuses %s with exit 2', (_name, args, message) => {
		const result = shipshape(args);

		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(message);
	});
});

describe('merge', () => {
	let first: Record<string, string>;

	beforeAll(async () => {
		const result = shipshape(['merge', 'fragments/acme-shop', 'fragments/acme-billing', 'fragments/acme-tools', '--catalog', 'catalog-a', '--quiet']);
		if (result.status !== 0) throw new Error(result.stderr + result.stdout);
		first = await treeOf(path.join(work, 'catalog-a'));
	}, 60_000);

	it('gives a byte-identical catalog whatever the order of the fragments (or a directory holding them)', async () => {
		const reversed = shipshape(['merge', 'fragments/acme-tools', 'fragments/acme-billing', 'fragments/acme-shop', '--catalog', 'catalog-b', '--quiet']);
		const downloaded = shipshape(['merge', 'fragments', '--catalog', 'catalog-c', '--quiet']);

		expect(reversed.status, reversed.stderr).toBe(0);
		expect(downloaded.status, downloaded.stderr).toBe(0);
		expect(await treeOf(path.join(work, 'catalog-b'))).toEqual(first);
		expect(await treeOf(path.join(work, 'catalog-c'))).toEqual(first);
		expect(Object.keys(first)).toEqual(expect.arrayContaining(['repositories/acme-billing.json', 'repositories/acme-shop.json', 'repositories/acme-tools.json', 'meta.json', 'discovery.json']));
	});

	it('keeps both services of an id two repositories claim, qualified with their repository, with a discovery entry and a quality finding', async () => {
		const read = async (file: string) => JSON.parse(await readFile(path.join(work, 'catalog-a', file), 'utf8'));
		const billingOrders = await read('services/acme-billing-orders.json');
		const shopOrders = await read('services/acme-shop-orders.json');
		const payments = await read('services/payments.json');
		const web = await read('services/web.json');
		const discovery = await read('discovery.json');
		const lint = shipshape(['lint', '--catalog', 'catalog-a', '--format', 'json']);

		expect(Object.keys(first).filter((file) => file.startsWith('services/')).sort()).toEqual(['services/acme-billing-orders.json', 'services/acme-shop-orders.json', 'services/linter-bot.json', 'services/payments.json', 'services/web.json']);
		expect(billingOrders).toMatchObject({ name: 'orders', repository: 'acme/billing', owner: 'billing', tier: 2, idClash: { id: 'orders', repositories: ['acme/billing', 'acme/shop'] } });
		expect(shopOrders).toMatchObject({ name: 'orders', repository: 'acme/shop', owner: 'fulfilment', tier: 1 });
		// Each repository's dependencies point at its own orders.
		expect(payments.dependsOn).toEqual(['acme-billing-orders']);
		expect(web.dependsOn).toEqual(['acme-shop-orders']);
		expect(discovery.idClashes).toEqual([expect.objectContaining({ id: 'orders', candidates: [expect.objectContaining({ path: 'orders' }), expect.objectContaining({ path: 'services/orders' })] })]);
		expect(JSON.parse(lint.stdout).findings.filter((finding: { rule: string }) => finding.rule === 'id-unique-across-repositories').map((finding: { subject: { id: string } }) => finding.subject.id)).toEqual(['acme-billing-orders', 'acme-shop-orders']);
		// Teams from every repository, with their services recomputed across them.
		expect((await read('teams/billing.json')).services).toEqual(['acme-billing-orders', 'payments']);
		expect((await read('teams/fulfilment.json')).services).toEqual(['acme-shop-orders']);
	});

	it('lets merge.idClashes say which repository keeps the plain id', async () => {
		await writeFile(path.join(work, 'resolved.yaml'), 'merge:\n  idClashes:\n    orders: acme/shop\n');
		const result = shipshape(['merge', 'fragments', '--catalog', 'catalog-resolved', '--config', 'resolved.yaml', '--quiet']);
		const tree = await treeOf(path.join(work, 'catalog-resolved'));

		expect(result.status, result.stderr).toBe(0);
		expect(Object.keys(tree).filter((file) => file.startsWith('services/'))).toEqual(['services/acme-billing-orders.json', 'services/linter-bot.json', 'services/orders.json', 'services/payments.json', 'services/web.json']);
		expect(JSON.parse(await readFile(path.join(work, 'catalog-resolved/services/web.json'), 'utf8')).dependsOn).toEqual(['orders']);
	});

	it('rejects a corrupt or partial fragment with its path and reason, keeps that repository\'s previous records, and merges the rest', async () => {
		const catalog = path.join(work, 'catalog-corrupt');
		await cp(path.join(work, 'catalog-a'), catalog, { recursive: true });
		await cp(path.join(work, 'fragments'), path.join(work, 'fragments-corrupt'), { recursive: true });
		// A new commit in billing, collected, then the upload cut short.
		await commit(repoDirectory('acme/billing'), { author: 'Ana', email: 'ana@example.com', date: '2026-11-25T10:00:00Z', files: { 'payments/service.yaml': 'name: payments\nowner: billing\ntier: 2\nlifecycle: production\ndescription: Charges cards.\n' } });
		expect(collectFragment('acme/billing', ['--catalog', path.join(work, 'fragments-corrupt/acme-billing')]).status).toBe(0);
		await truncate(path.join(work, 'fragments-corrupt/acme-billing/services/payments.json'), 20);
		// And tools' job died before its manifest was written.
		await rm(path.join(work, 'fragments-corrupt/acme-tools/fragment.json'));

		const result = shipshape(['merge', 'fragments-corrupt', '--catalog', catalog]);
		const after = await treeOf(catalog);

		expect(result.status).toBe(1);
		expect(result.stdout).toMatch(/rejected fragments-corrupt\/acme-billing: 1 file\(s\) differ from what the collection wrote \(services\/payments\.json\): a truncated or altered upload\./);
		expect(result.stdout).toMatch(/rejected fragments-corrupt\/acme-tools: no fragment\.json: the collect job did not finish/);
		expect(result.stdout).toMatch(/kept from the previous catalog: acme\/billing, acme\/tools/);
		// Nothing of billing or tools was lost or changed: the previous merge's records stay.
		expect(after).toEqual(first);
	});

	it('never lets a fragment of an older commit replace a newer one', async () => {
		const catalog = path.join(work, 'catalog-newer');
		const oldFragment = path.join(work, 'old-fragments/acme-billing');
		await mkdir(path.dirname(oldFragment), { recursive: true });
		await cp(path.join(work, 'fragments/acme-billing'), oldFragment, { recursive: true });
		// The newest billing (tier 2 payments), merged first.
		expect(collectFragment('acme/billing').status).toBe(0);
		expect(shipshape(['merge', 'fragments', '--catalog', catalog, '--quiet']).status).toBe(0);
		const merged = await treeOf(catalog);

		// A re-run of an old matrix job delivers the earlier commit's fragment, alone or beside the new one.
		const alone = shipshape(['merge', 'old-fragments', '--catalog', catalog]);
		const beside = shipshape(['merge', 'old-fragments', 'fragments', '--catalog', path.join(work, 'catalog-newer-2'), '--quiet']);

		expect(alone.status).toBe(0);
		expect(alone.stdout).toMatch(/not merged old-fragments\/acme-billing: of acme\/billing at [0-9a-f]{12}, older than [0-9a-f]{12} already merged/);
		expect(await treeOf(catalog)).toEqual(merged);
		expect(beside.status).toBe(0);
		expect(await treeOf(path.join(work, 'catalog-newer-2'))).toEqual(merged);
		expect(JSON.parse(await readFile(path.join(catalog, 'services/payments.json'), 'utf8')).tier).toBe(2);
	});

	it('removes the repositories that --repositories does not list, and refuses an empty list', async () => {
		const catalog = path.join(work, 'catalog-listed');
		await cp(path.join(work, 'catalog-a'), catalog, { recursive: true });
		await writeFile(path.join(work, 'repos.txt'), 'acme/shop\nacme/billing\n');
		await writeFile(path.join(work, 'empty.txt'), '# nothing\n');

		const listed = shipshape(['merge', 'fragments/acme-shop', '--catalog', catalog, '--repositories', 'repos.txt']);
		const empty = shipshape(['merge', 'fragments/acme-shop', '--catalog', catalog, '--repositories', 'empty.txt']);

		expect(listed.status, listed.stderr).toBe(0);
		expect(listed.stdout).toContain('removed (not in repos.txt): acme/tools');
		expect(Object.keys(await treeOf(catalog)).filter((file) => file.includes('linter-bot') || file.includes('acme-tools'))).toEqual([]);
		expect(empty.status).toBe(2);
		expect(empty.stderr).toContain('lists no repositories');
		await writeFile(path.join(work, 'bad.txt'), 'acme/shop acme/billing\n');
		const bad = shipshape(['merge', 'fragments/acme-shop', '--catalog', catalog, '--repositories', 'bad.txt']);
		expect(bad.status).toBe(2);
		expect(bad.stderr).toContain('bad.txt: "acme/shop acme/billing" is not one repository');
	});

	it('refuses a repository list cut short that would remove too many services (nothing written), unless --allow-shrink', async () => {
		const catalog = path.join(work, 'catalog-shrink');
		await cp(path.join(work, 'catalog-a'), catalog, { recursive: true });
		await writeFile(path.join(work, 'strict.yaml'), 'collect:\n  shrinkLimit: { share: 0.2, services: 1 }\n');
		await writeFile(path.join(work, 'one-repo.txt'), 'acme/tools\n');
		const before = await treeOf(catalog);

		const refused = shipshape(['merge', 'fragments/acme-tools', '--catalog', catalog, '--repositories', 'one-repo.txt', '--config', 'strict.yaml']);
		const unchanged = await treeOf(catalog);
		const allowed = shipshape(['merge', 'fragments/acme-tools', '--catalog', catalog, '--repositories', 'one-repo.txt', '--config', 'strict.yaml', '--allow-shrink', '--quiet']);

		expect(refused.status).toBe(2);
		expect(refused.stderr).toMatch(/this merge would remove 4 of the 5 services in the catalog .*Nothing was written\. Check --repositories/);
		expect(unchanged).toEqual(before);
		expect(allowed.status, allowed.stderr).toBe(0);
		expect(Object.keys(await treeOf(path.join(catalog, 'services')))).toEqual(['linter-bot.json']);
	});

	it('exits 2 without touching the catalog when a path is not a directory of fragments', async () => {
		const result = shipshape(['merge', 'no-such-dir', '--catalog', 'catalog-a']);

		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(/no-such-dir is not a directory of fragments/);
		expect(await treeOf(path.join(work, 'catalog-a'))).toEqual(first);
	});
});

describe('the inventory, collected once in its own job', () => {
	it('matches Terraform state to the merged services and merges like a fragment', async () => {
		const catalog = path.join(work, 'catalog-inventory');
		await cp(path.join(work, 'catalog-a'), catalog, { recursive: true });
		const state = JSON.parse(await readFile(path.join(SAMPLE_ORG, 'inventory/terraform/production.tfstate'), 'utf8'));
		// The sample's payments database, tagged for this organisation's payments service.
		state.resources = state.resources.filter((resource: { type: string; module?: string }) => resource.type === 'aws_db_instance' && resource.module === 'module.payments');
		state.resources[0].instances[0].attributes.tags = { service: 'payments' };
		state.resources[0].instances[0].attributes.tags_all = { service: 'payments' };
		await writeTree(path.join(work, 'inventory'), { 'production.tfstate': JSON.stringify(state) });

		const collected = shipshape(['collect', '--fragment', '--inventory', 'inventory', '--services-from', catalog, '--offline', '--quiet', '--now', NOW]);
		const manifest = JSON.parse(await readFile(path.join(work, 'fragments/inventory/fragment.json'), 'utf8'));
		const merged = shipshape(['merge', 'fragments/acme-shop', 'fragments/inventory', '--catalog', catalog, '--quiet']);
		const payments = JSON.parse(await readFile(path.join(catalog, 'services/payments.json'), 'utf8'));
		const web = JSON.parse(await readFile(path.join(catalog, 'services/web.json'), 'utf8'));

		expect(collected.status, collected.stderr).toBe(0);
		expect(manifest).toMatchObject({ kind: 'inventory', repository: 'inventory', commit: null });
		expect(merged.status, merged.stderr).toBe(0);
		expect(payments.facts['terraform-state'].datastores).toEqual([expect.objectContaining({ address: 'module.payments.aws_db_instance.main', backupsEnabled: true, encryptedAtRest: true })]);
		expect(payments.evidence['terraform-state.datastores']).toEqual([{ file: 'inventory/production.tfstate', resource: 'module.payments.aws_db_instance.main' }]);
		expect(web.facts['terraform-state'].datastores).toEqual([]);
		// The secret in the state reaches no record.
		expect(await readFile(path.join(catalog, 'services/payments.json'), 'utf8')).not.toContain('sample-state-password');
		// Billing was not in this merge: its records (with its payments) were kept.
		expect(payments.repository).toBe('acme/billing');
	});
});

describe('build on a merged catalog', () => {
	it('shows every repository\'s services with their repository, linking evidence to that repository\'s commit', async () => {
		const result = shipshape(['build', '--catalog', 'catalog-a', '--out', 'site', '--now', NOW, '--quiet']);
		const index = await readFile(path.join(work, 'site/services/index.html'), 'utf8');
		const orders = await readFile(path.join(work, 'site/services/acme-billing-orders/index.html'), 'utf8');
		const source = JSON.parse(await readFile(path.join(work, 'catalog-a/repositories/acme-billing.json'), 'utf8'));

		expect(result.status, result.stderr).toBe(0);
		for (const id of ['acme-billing-orders', 'acme-shop-orders', 'linter-bot', 'payments', 'web']) expect(index).toContain(`services/${id}/`);
		for (const repository of ['acme/billing', 'acme/shop', 'acme/tools']) expect(index).toContain(`<code>${repository}</code>`);
		expect(orders).toContain(`<a href="https://github.com/acme/billing"><code>acme/billing</code></a>`);
		expect(orders).toContain(`https://github.com/acme/billing/blob/${source.commit}/orders/service.yaml`);
	}, 180_000);
});
