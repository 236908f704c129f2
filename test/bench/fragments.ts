// Synthetic fragments for the merge benchmark: what a CI matrix over many repositories delivers.
// One small organisation is generated and really collected; its records are the shapes every
// fragment's services take, renamed per repository, 1–10 services each, with
// a handful of ids two repositories claim, each fragment with a manifest hashing its files.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCollection } from '../../collectors/run.ts';
import type { Logger } from '../../collectors/types.ts';
import { stableStringify } from '../../catalog/format/stable-json.ts';
import type { Service } from '../../catalog/schema/service.ts';
import { resolveSettings } from '../../src/lib/config/load.ts';
import { generateOrganisation } from './generate.ts';

const silent: Logger = { info() {}, warn() {}, progress() {} };
const NOW = new Date('2026-12-01T00:00:00Z');

/** Deterministic pseudo-random numbers (mulberry32), so that every run merges the same fragments. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export async function generateFragments(work: string, count: number, teams: number): Promise<{ fragments: number; services: number; directory: string }> {
	const template = path.join(work, 'template');
	const generated = await generateOrganisation(template, { services: 10, filesPerService: 100, teams: 4 });
	const catalog = path.join(template, 'catalog');
	await runCollection(await resolveSettings({ repo: generated.repo, inventory: generated.inventory, catalog }, template), { now: NOW, log: silent });
	const shapes: Service[] = [];
	for (const file of (await readdir(path.join(catalog, 'services'))).sort()) shapes.push(JSON.parse(await readFile(path.join(catalog, 'services', file), 'utf8')));
	const meta = JSON.parse(await readFile(path.join(catalog, 'meta.json'), 'utf8'));
	const discovery = JSON.parse(await readFile(path.join(catalog, 'discovery.json'), 'utf8'));

	const next = random(17);
	const directory = path.join(work, 'fragments');
	let services = 0;
	for (let index = 0; index < count; index += 1) {
		const repository = `acme/repo-${index}`;
		// 1–10 services each (5.5 on average: 2,000 fragments make about 11,000 services).
		const size = 1 + Math.floor(next() * 10);
		const team = `team-${index % teams}`;
		const files = new Map<string, string>();
		const ids: string[] = [];
		for (let number = 0; number < size; number += 1) {
			// Every 200th repository also has a `gateway`: an id several repositories claim.
			const id = number === 0 && index % 200 === 0 ? 'gateway' : `repo-${index}-service-${number}`;
			ids.push(id);
			const shape = shapes[(index + number) % shapes.length]!;
			files.set(`services/${id}.json`, stableStringify({ ...shape, id, name: id, aliases: [], owner: team, owners: [team], repository, dependsOn: number > 0 ? [ids[0]!] : [], system: null, domain: null }));
		}
		services += size;
		files.set(`teams/${team}.json`, stableStringify({ $schema: '../schema/json/team.schema.json', id: team, name: team, description: null, members: [], aliases: [`@acme/${team}`], services: [...ids].sort() }));
		files.set('discovery.json', stableStringify({ ...discovery, unregistered: [], unowned: [], idClashes: [], ownershipConflicts: [], withoutRuntime: [] }));
		const fragmentMeta = stableStringify({ ...meta, collectedAt: NOW.toISOString() });
		files.set('meta.json', fragmentMeta);
		const manifest = {
			kind: 'repository',
			repository,
			commit: createHash('sha1').update(repository).digest('hex'),
			committedAt: new Date(NOW.getTime() - index * 60_000).toISOString(),
			collectedAt: NOW.toISOString(),
			collectors: meta.collectors,
			files: Object.fromEntries([...files.keys()].sort().map((file) => [file, createHash('sha256').update(files.get(file)!).digest('hex')])),
		};
		const root = path.join(directory, `acme-repo-${index}`);
		for (const [file, content] of files) {
			await mkdir(path.dirname(path.join(root, file)), { recursive: true });
			await writeFile(path.join(root, file), content);
		}
		await writeFile(path.join(root, 'fragment.json'), stableStringify(manifest));
	}
	return { fragments: count, services, directory };
}
