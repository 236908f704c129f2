// Nothing lost, ever: every way a collection can go wrong leaves the catalog byte-identical, and every
// command's exit code means one thing. Real processes on a generated organisation.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmod, cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { shrinkRefusal } from '../../catalog/io/shrink-limit.ts';
import { generateOrganisation } from '../bench/generate.ts';
import { git, initRepository } from '../support/git.ts';
import { asUnprivilegedUser, openPathTo, PROJECT_ROOT, tempDirectory } from '../support/temp.ts';
import { treeOf } from '../support/tree.ts';

const BIN = path.join(PROJECT_ROOT, 'src/cli/shipshape.mjs');
const NOW = '2026-12-01T00:00:00Z';
const SERVICES = 12;

function shipshape(args: string[], cwd: string, options: SpawnSyncOptions = {}) {
	const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', GITHUB_TOKEN: '' }, ...options });
	return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** The organisation and its collected catalog, made once; each test works on a copy. */
let template: string;

beforeAll(async () => {
	template = await tempDirectory('safety-template-');
	await generateOrganisation(template, { services: SERVICES, filesPerService: 6, teams: 3 });
	const collected = shipshape(['collect', '--repo', 'monorepo', '--inventory', 'inventory', '--catalog', 'catalog', '--now', NOW, '--quiet'], template);
	expect(collected.stderr).toBe('');
	expect(collected.status).toBe(0);
}, 60_000);

async function workspace(): Promise<string> {
	const work = await tempDirectory('safety-');
	await cp(template, work, { recursive: true });
	return work;
}

describe('collect refuses an impossible input and leaves the catalog byte-identical', () => {
	it.each<[string, (work: string) => Promise<string[]>, RegExp]>([
		['a --repo that does not exist', async (work) => ['--repo', path.join(work, 'no-such-dir')], /no-such-dir \(--repo, the monorepo root\) does not exist; check the path/],
		[
			'a --repo that is a file',
			async (work) => {
				await writeFile(path.join(work, 'notes.txt'), 'not a directory');
				return ['--repo', path.join(work, 'notes.txt')];
			},
			/notes\.txt \(--repo, the monorepo root\) is a file, not a directory/,
		],
		[
			'a --repo that holds no files',
			async (work) => {
				await mkdir(path.join(work, 'empty-checkout'));
				return ['--repo', path.join(work, 'empty-checkout')];
			},
			/empty-checkout \(--repo\) holds no files to scan \(an empty or failed checkout\?\)/,
		],
		[
			'a repo: in the config that does not exist',
			async (work) => {
				await writeFile(path.join(work, 'shipshape.config.yaml'), 'repo: ./checkout-that-failed\ninventory: inventory\n');
				return [];
			},
			/checkout-that-failed \(repo: in .*shipshape\.config\.yaml, the monorepo root\) does not exist/,
		],
		['an --inventory that does not exist', async (work) => ['--repo', path.join(work, 'monorepo'), '--inventory', path.join(work, 'exports')], /exports \(--inventory, the directory of inventory exports\) does not exist/],
	])('%s: exit 2, one line naming the path', async (_name, arrange, message) => {
		const work = await workspace();
		const args = await arrange(work);
		const before = await treeOf(path.join(work, 'catalog'));

		const result = shipshape(['collect', '--catalog', 'catalog', '--now', NOW, '--quiet', ...args], work);

		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(message);
		expect(result.stderr).toMatch(/The catalog was not touched\.\n$/);
		expect(result.stderr.trim().split('\n')).toHaveLength(1);
		expect(await treeOf(path.join(work, 'catalog'))).toEqual(before);
	});

	it('a --repo that cannot be read: exit 2 (run as an unprivileged user, since root reads everything)', async () => {
		const work = await workspace();
		const repo = path.join(work, 'monorepo');
		const before = await treeOf(path.join(work, 'catalog'));
		await chmod(repo, 0o000);
		const asUser: SpawnSyncOptions = {};
		if (process.getuid?.() === 0) {
			await openPathTo(work);
			Object.assign(asUser, { ...asUnprivilegedUser(), env: { ...process.env, HOME: work, FORCE_COLOR: '0' } });
		}

		const result = shipshape(['collect', '--repo', repo, '--catalog', 'catalog', '--now', NOW, '--quiet'], work, asUser);
		await chmod(repo, 0o755);

		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(/monorepo \(--repo, the monorepo root\) cannot be read \(EACCES\); check its permissions/);
		expect(await treeOf(path.join(work, 'catalog'))).toEqual(before);
	});
});

describe('the shrink guard', () => {
	async function removeServices(work: string, count: number): Promise<string[]> {
		const removed: string[] = [];
		for (const team of (await readdir(path.join(work, 'monorepo/services'))).sort()) {
			for (const service of (await readdir(path.join(work, 'monorepo/services', team))).sort()) {
				if (removed.length === count) return removed;
				await rm(path.join(work, 'monorepo/services', team, service), { recursive: true });
				removed.push(service);
			}
		}
		return removed;
	}
	const collect = (work: string, extra: string[] = []) => shipshape(['collect', '--repo', 'monorepo', '--inventory', 'inventory', '--catalog', 'catalog', '--now', NOW, '--quiet', ...extra], work);

	it('stops a collection that would remove more than 20 % and more than 5 services, writing nothing', async () => {
		const work = await workspace();
		const removed = await removeServices(work, 7);
		const before = await treeOf(path.join(work, 'catalog'));

		const result = collect(work);

		expect(result.status).toBe(2);
		expect(result.stderr).toContain(`this collection would remove 7 of the 12 services in the catalog (58 %, more than the limit of 20 % and 5 services): ${[...removed].sort().join(', ')}.`);
		expect(result.stderr).toContain('run again with --allow-shrink (or set collect.allowShrink: true)');
		expect(await treeOf(path.join(work, 'catalog'))).toEqual(before);
	});

	it.each<[string, string[], string]>([
		['--allow-shrink', ['--allow-shrink'], ''],
		['collect.allowShrink in the config', [], 'collect:\n  allowShrink: true\n'],
		['a looser collect.shrinkLimit', [], 'collect:\n  shrinkLimit: { share: 0.9, services: 5 }\n'],
	])('lets a deliberate removal through with %s', async (_name, extra, config) => {
		const work = await workspace();
		const removed = await removeServices(work, 7);
		if (config !== '') await writeFile(path.join(work, 'shipshape.config.yaml'), config);

		const result = collect(work, extra);

		expect(result.status).toBe(0);
		expect(result.stdout).toContain(`Removed 7 service(s): ${[...removed].sort().join(', ')}.`);
		const left = await readdir(path.join(work, 'catalog/services'));
		expect(left).toHaveLength(SERVICES - 7);
		expect(left.some((file) => removed.includes(file.replace(/\.json$/, '')))).toBe(false);
	});

	it('still removes a few services normally', async () => {
		const work = await workspace();
		const [removed] = await removeServices(work, 1);

		const result = collect(work);

		expect(result.status).toBe(0);
		expect(await readdir(path.join(work, 'catalog/services'))).not.toContain(`${removed}.json`);
	});

	it.each<[number, number, { share: number; services: number }, boolean]>([
		[100, 21, { share: 0.2, services: 5 }, true],
		[100, 20, { share: 0.2, services: 5 }, false],
		[10, 5, { share: 0.2, services: 5 }, false],
		[10, 6, { share: 0.2, services: 5 }, true],
		[0, 0, { share: 0.2, services: 5 }, false],
		[12, 12, { share: 1, services: 5 }, false],
	])('of %i services, removing %i with %j is refused: %s', (previous, removedCount, limit, refused) => {
		const removed = Array.from({ length: removedCount }, (_, index) => `service-${index}`);

		expect(shrinkRefusal(previous, removed, limit) !== null).toBe(refused);
	});
});

describe('no change, no diff', () => {
	it('leaves every tracked file byte-identical when the input has not changed, meta.json included', async () => {
		const work = await workspace();
		initRepository(work);
		const first = shipshape(['collect', '--repo', 'monorepo', '--inventory', 'inventory', '--catalog', 'catalog', '--now', NOW, '--quiet'], work);
		git(work, ['add', '-A']);
		git(work, ['commit', '-q', '-m', 'catalog']);
		expect(first.status).toBe(0);

		const again = shipshape(['collect', '--repo', 'monorepo', '--inventory', 'inventory', '--catalog', 'catalog', '--now', '2026-12-08T06:00:00Z'], work);

		expect(again.status).toBe(0);
		expect(again.stdout).toContain('Nothing changed; no file was written.');
		expect(git(work, ['status', '--porcelain'])).toBe('');
	});

	it('rewrites meta.json with the new time when something else changed', async () => {
		const work = await workspace();
		const descriptor = path.join(work, 'monorepo/services/team-0/service-00000/service.yaml');
		await writeFile(descriptor, 'name: service-00000\nowner: team-0\ntier: 1\npii: true\nrunbook: https://runbooks.example/moved\n');

		const result = shipshape(['collect', '--repo', 'monorepo', '--inventory', 'inventory', '--catalog', 'catalog', '--now', '2026-12-08T06:00:00Z', '--quiet'], work);

		expect(result.status).toBe(0);
		expect(JSON.parse(await readFile(path.join(work, 'catalog/meta.json'), 'utf8')).collectedAt).toBe('2026-12-08T06:00:00.000Z');
	});
});

describe('unexpected errors', () => {
	it('print one line and a hint by default, and the stack with --verbose (exit 3)', async () => {
		const work = await workspace();
		await writeFile(path.join(work, 'not-a-directory'), '');
		const args = ['collect', '--repo', 'monorepo', '--catalog', 'not-a-directory/catalog', '--now', NOW, '--quiet'];

		const plain = shipshape(args, work);
		const verbose = shipshape([...args, '--verbose'], work);

		expect(plain.status).toBe(3);
		expect(plain.stderr).toMatch(/^shipshape: unexpected error: could not write the new catalog in .*not-a-directory\/catalog \(ENOTDIR\); the catalog was left as it was \(.*\.shipshape-transaction\/files\)\nRun again with --verbose for details\.\n$/);
		expect(verbose.status).toBe(3);
		expect(verbose.stderr).toMatch(/\n {4}at .*catalog-transaction\.ts/);
		expect(verbose.stderr).toContain('Caused by: Error: ENOTDIR');
	});

	// A tiny tmpfs is a real full disk; mounting one needs root (CI runs as root).
	const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;

	it.skipIf(!canMount)('a full disk while writing leaves the old catalog complete and no staging files (exit 3)', async () => {
		const work = await workspace();
		const disk = path.join(work, 'small-disk');
		await mkdir(disk);
		const catalogBytes = Number(spawnSync('du', ['-sb', path.join(work, 'catalog')], { encoding: 'utf8' }).stdout.split('\t')[0]);
		expect(spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${catalogBytes * 2 + 64 * 1024}`, 'tmpfs', disk]).status).toBe(0);
		try {
			await cp(path.join(work, 'catalog'), path.join(disk, 'catalog'), { recursive: true });
			// Every service record grows by a long description: the new catalog needs more room than is left.
			for (let index = 0; index < SERVICES; index += 1) {
				const id = `service-${String(index).padStart(5, '0')}`;
				await writeFile(path.join(work, `monorepo/services/team-${index % 3}/${id}/service.yaml`), `name: ${id}\nowner: team-${index % 3}\ntier: 1\npii: true\ndescription: ${'A long description. '.repeat(100)}\n`);
			}
			const before = await treeOf(path.join(disk, 'catalog'));
			// Fill the disk so that the catalog still fits, but a second copy of the changed files does not.
			const free = Number(spawnSync('df', ['--output=avail', '-B1', disk], { encoding: 'utf8' }).stdout.trim().split('\n')[1]);
			await writeFile(path.join(disk, 'ballast'), Buffer.alloc(Math.max(0, free - 8 * 1024)));

			const result = shipshape(['collect', '--repo', 'monorepo', '--inventory', 'inventory', '--catalog', path.join(disk, 'catalog'), '--now', '2026-12-08T00:00:00Z', '--quiet'], work);

			expect(result.status).toBe(3);
			expect(result.stderr).toMatch(/could not write the new catalog in .*small-disk\/catalog \(ENOSPC\); the catalog was left as it was/);
			expect(await treeOf(path.join(disk, 'catalog'))).toEqual(before);
			expect(await readdir(path.join(disk, 'catalog'))).not.toContain('.shipshape-transaction');
		} finally {
			spawnSync('umount', [disk]);
		}
	});
});

describe('exit codes of every command', () => {
	it.each<[string, number, (work: string) => string[]]>([
		['collect on good input', 0, () => ['collect', '--repo', 'monorepo', '--inventory', 'inventory', '--catalog', 'catalog']],
		['collect --strict with an unreadable input', 1, () => ['collect', '--repo', 'monorepo', '--inventory', 'inventory', '--catalog', 'catalog', '--strict']],
		['score', 0, () => ['score', '--catalog', 'catalog']],
		['score on a missing catalog', 2, (work) => ['score', '--catalog', path.join(work, 'nothing-here')]],
		['check below the level', 1, () => ['check', '--catalog', 'catalog', '--service', 'service-00000', '--min-level', 'gold']],
		['check of an unknown service', 2, () => ['check', '--catalog', 'catalog', '--service', 'nope', '--min-level', 'bronze']],
		['a usage error', 2, () => ['check', '--catalog', 'catalog', '--service']],
		['an unknown command', 2, () => ['colect']],
		['an unknown flag', 2, () => ['score', '--catalgo', 'catalog']],
		['touched without --files', 2, () => ['touched', '--catalog', 'catalog']],
		['history outside git', 0, () => ['history', '--catalog', 'catalog']],
		['diff with neither --from nor --rubric-from', 2, () => ['diff', '--catalog', 'catalog']],
		['build with an unknown goal level', 2, () => ['build', '--catalog', 'catalog', '--config', 'bad-goals.yaml']],
		['--help', 0, () => ['--help']],
		['--version', 0, () => ['--version']],
	])('%s exits %i', async (_name, status, args) => {
		const work = await workspace();
		await writeFile(path.join(work, 'inventory/kubectl-deployments.json'), 'error: You must be logged in to the server (Unauthorized)\n');
		await writeFile(path.join(work, 'bad-goals.yaml'), 'catalog: catalog\ngoals:\n  - { id: g, title: G, level: platinum, share: 0.5, due: 2027-01-01 }\n');

		const result = shipshape(args(work), work);

		expect(result.status, result.stderr).toBe(status);
		expect(result.stderr).not.toMatch(/\n {4}at /);
	});

	it('documents the exit codes in --help', () => {
		const result = shipshape(['--help'], PROJECT_ROOT);

		expect(result.stdout).toContain('Exit codes (every command):\n  0  success\n  1  the answer is "no"');
		expect(result.stdout).toContain('  3  an unexpected internal error');
	});
});
