// A collect or build killed with SIGKILL at any moment leaves the old catalog or site, or the new
// one: never a mix. Real processes, real signals, on a generated organisation large enough that
// collecting takes seconds.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateOrganisation } from '../bench/generate.ts';
import { PROJECT_ROOT, tempDirectory } from '../support/temp.ts';
import { treeOf } from '../support/tree.ts';

const BIN = path.join(PROJECT_ROOT, 'src/cli/shipshape.mjs');
const NOW = '2026-12-01T00:00:00Z';
const TRANSACTION = '.shipshape-transaction';
const WRITING = 'Collecting 6/6';

function run(args: string[], cwd: string) {
	return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, GITHUB_TOKEN: '' } });
}

/** Runs `args` to the end; resolves with the milliseconds from `trigger` on stderr to the exit. */
function timeAfter(args: string[], cwd: string, trigger: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, GITHUB_TOKEN: '' }, stdio: ['ignore', 'ignore', 'pipe'] });
		let seenAt: number | null = null;
		let seen = '';
		child.stderr.on('data', (chunk: Buffer) => {
			seen += chunk.toString();
			if (seenAt === null && seen.includes(trigger)) seenAt = Date.now();
		});
		child.on('exit', (code) => (code === 0 && seenAt !== null ? resolve(Date.now() - seenAt) : reject(new Error(`exit ${code}: ${seen}`))));
	});
}

/**
 * Starts `args`, waits until `trigger` appears on stderr (or at once), then `delayMs`, then sends
 * SIGKILL. Resolves with how the process ended.
 */
function killDuring(args: string[], cwd: string, trigger: string | null, delayMs: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<{ signal: NodeJS.Signals | null; code: number | null; stderr: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, GITHUB_TOKEN: '' }, stdio: ['ignore', 'ignore', 'pipe'] });
		let armed = false;
		const arm = () => {
			if (armed) return;
			armed = true;
			setTimeout(() => child.kill(signal), delayMs);
		};
		let seen = '';
		child.stderr.on('data', (chunk: Buffer) => {
			seen += chunk.toString();
			if (trigger !== null && seen.includes(trigger)) arm();
		});
		if (trigger === null) arm();
		child.on('exit', (code, ended) => resolve({ code, signal: ended, stderr: seen }));
	});
}

describe('collect killed with SIGKILL', () => {
	let work: string;
	let oldCatalog: Record<string, string>;
	let newCatalog: Record<string, string>;
	let writeMs: number;
	const collectArgs = ['collect', '--repo', 'monorepo', '--inventory', 'inventory', '--catalog', 'catalog', '--now', NOW];

	beforeAll(async () => {
		work = await tempDirectory('interrupt-collect-');
		await generateOrganisation(work, { services: 1000, filesPerService: 6, teams: 12 });
		expect(run([...collectArgs, '--quiet'], work).status).toBe(0);
		await cp(path.join(work, 'catalog'), path.join(work, 'old-catalog'), { recursive: true });
		oldCatalog = await treeOf(path.join(work, 'catalog'));
		// The next collection changes every service record, removes two services and adds one.
		for (const team of await readdir(path.join(work, 'monorepo/services'))) {
			for (const service of await readdir(path.join(work, 'monorepo/services', team))) {
				await writeFile(path.join(work, 'monorepo/services', team, service, 'service.yaml'), `name: ${service}\nowner: ${team}\ntier: 2\npii: false\ndescription: moved to the new platform\n`);
			}
		}
		await rm(path.join(work, 'monorepo/services/team-0/service-00000'), { recursive: true });
		await rm(path.join(work, 'monorepo/services/team-1/service-00001'), { recursive: true });
		await cp(path.join(work, 'monorepo/services/team-2/service-00002'), path.join(work, 'monorepo/services/team-2/service-new'), { recursive: true });
		await writeFile(path.join(work, 'monorepo/services/team-2/service-new/service.yaml'), 'name: service-new\nowner: team-2\ntier: 1\npii: false\n');
		writeMs = await timeAfter(collectArgs, work, WRITING);
		newCatalog = await treeOf(path.join(work, 'catalog'));
		expect(Object.keys(newCatalog)).toContain('services/service-new.json');
		expect(Object.keys(newCatalog)).not.toContain('services/service-00000.json');
	}, 120_000);

	// "Collecting 6/6" is printed when the collectors are done and the catalog is assembled and
	// written: kills before it, while staging, around the commit and while moving files into place,
	// placed as fractions of how long that took in a full run.
	it.each<[string, string | null, number]>([
		['while collecting', null, 0],
		['as writing starts', WRITING, 0],
		['while assembling', WRITING, 0.5],
		['while staging', WRITING, 0.85],
		['near the commit', WRITING, 0.93],
		['while moving files', WRITING, 0.97],
		['at the very end', WRITING, 0.995],
	])('%s leaves the old catalog or the new one, and the next run completes it', async (_moment, trigger, fraction) => {
		await rm(path.join(work, 'catalog'), { recursive: true });
		await cp(path.join(work, 'old-catalog'), path.join(work, 'catalog'), { recursive: true });

		const ended = await killDuring(collectArgs, work, trigger, trigger === null ? 600 : Math.round(writeMs * fraction));

		const left = await treeOf(path.join(work, 'catalog'), (file) => file.startsWith(`${TRANSACTION}/`));
		const committed = existsSync(path.join(work, 'catalog', TRANSACTION, 'journal.json'));
		if (committed) {
			// Killed while moving files: the next command that opens the catalog completes it.
			expect(run(['score', '--catalog', 'catalog', '--now', NOW], work).status).toBe(0);
			expect(await treeOf(path.join(work, 'catalog'))).toEqual(newCatalog);
		} else {
			expect([JSON.stringify(oldCatalog), JSON.stringify(newCatalog)], `ended by ${ended.signal ?? ended.code}: a mix of old and new`).toContain(JSON.stringify(left));
		}
		expect(run([...collectArgs, '--quiet'], work).status).toBe(0);
		expect(await treeOf(path.join(work, 'catalog'))).toEqual(newCatalog);
		expect(await readdir(path.join(work, 'catalog'))).not.toContain(TRANSACTION);
	}, 60_000);

	it('SIGTERM while staging cleans up, says so and exits 143', async () => {
		await rm(path.join(work, 'catalog'), { recursive: true });
		await cp(path.join(work, 'old-catalog'), path.join(work, 'catalog'), { recursive: true });

		const ended = await killDuring(collectArgs, work, WRITING, Math.round(writeMs * 0.7), 'SIGTERM');

		expect(ended.code).toBe(143);
		expect(ended.stderr).toContain('shipshape: interrupted by SIGTERM; the catalog was left as it was');
		expect(await readdir(path.join(work, 'catalog'))).not.toContain(TRANSACTION);
		expect([JSON.stringify(oldCatalog), JSON.stringify(newCatalog)]).toContain(JSON.stringify(await treeOf(path.join(work, 'catalog'))));
	}, 60_000);
});

describe('build killed with SIGKILL', () => {
	let work: string;
	let oldSite: Record<string, string>;
	let newSite: Record<string, string>;
	let fullBuildMs: number;
	const buildArgs = ['build', '--catalog', 'catalog', '--out', 'site', '--now', NOW, '--quiet'];

	beforeAll(async () => {
		work = await tempDirectory('interrupt-build-');
		await cp(path.join(PROJECT_ROOT, 'catalog'), path.join(work, 'catalog'), { recursive: true });
		await writeFile(path.join(work, 'shipshape.config.yaml'), 'site:\n  title: Before\n');
		expect(run(buildArgs, work).status).toBe(0);
		await cp(path.join(work, 'site'), path.join(work, 'old-site'), { recursive: true });
		oldSite = await treeOf(path.join(work, 'site'));
		await writeFile(path.join(work, 'shipshape.config.yaml'), 'site:\n  title: After\n');
		const started = Date.now();
		expect(run(buildArgs, work).status).toBe(0);
		fullBuildMs = Date.now() - started;
		newSite = await treeOf(path.join(work, 'site'));
		expect(newSite).not.toEqual(oldSite);
	}, 180_000);

	it.each([0.4, 0.8, 0.93, 0.99])('at %f of a full build leaves the old site or the new one', async (fraction) => {
		await rm(path.join(work, 'site'), { recursive: true, force: true });
		await cp(path.join(work, 'old-site'), path.join(work, 'site'), { recursive: true });

		await killDuring(buildArgs, work, null, Math.round(fullBuildMs * fraction));

		const site = existsSync(path.join(work, 'site')) ? await treeOf(path.join(work, 'site')) : null;
		if (site === null) {
			// Killed between the two renames of the swap: the old site waits beside it, and the next
			// build puts a complete one in place before anything else.
			expect(existsSync(path.join(work, '.site.shipshape-outgoing'))).toBe(true);
		} else {
			expect([JSON.stringify(oldSite), JSON.stringify(newSite)]).toContain(JSON.stringify(site));
		}
		const siblings = (await readdir(work)).filter((name) => name.includes('shipshape-'));
		expect(run(buildArgs, work).status).toBe(0);
		expect(await treeOf(path.join(work, 'site'))).toEqual(newSite);
		expect((await readdir(work)).filter((name) => name.includes('shipshape-')), `left before: ${siblings.join(', ')}`).toEqual([]);
	}, 120_000);
});
