// Discovery on miniature monorepos of the shapes that real ones have (test/fixtures/shapes/*/repo):
// Compose building from the repository root, one image run as several services, services declared
// only in a .NET Aspire AppHost, and things that build but are not services. Each catalog, as a
// reader of the Discovery page would check it, is a golden file beside the fixture.
// After an intended change: UPDATE_GOLDEN=1 npm test, then review the diff of expected.json.
import { expectGolden } from '../../support/golden.ts';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverServices } from '../../../collectors/discovery/index.ts';
import { listFiles, readFileSafely } from '../../../collectors/lib/files.ts';
import type { Logger } from '../../../collectors/types.ts';
import { DEFAULT_DISCOVERY } from '../../../src/lib/config/load.ts';

const SHAPES = path.resolve(import.meta.dirname, '../../fixtures/shapes');
const silent: Logger = { info() {}, warn() {}, progress() {} };

async function catalogOf(shape: string) {
	const root = path.join(SHAPES, shape, 'repo');
	const result = await discoverServices({
		repoRoot: root,
		repoFiles: await listFiles(root),
		teams: [],
		settings: { ...DEFAULT_DISCOVERY, history: { ...DEFAULT_DISCOVERY.history, enabled: false } },
		readFile: readFileSafely,
		log: silent,
		now: new Date('2026-12-01T00:00:00Z'),
	});
	return {
		services: result.services.map((service) => ({
			id: service.id,
			path: service.path,
			language: service.language,
			owners: service.owners,
			aliases: service.aliases,
			dependsOn: service.dependsOn,
			files: result.serviceFiles.get(service.id) ?? [],
		})),
		candidates: result.results.candidates.map(({ path, name, reason }) => ({ path, name, reason })),
		idClashes: result.results.idClashes.map(({ id, candidates }) => ({ id, paths: candidates.map((candidate) => candidate.path) })),
		unlinkedDeployments: result.results.unlinkedDeployments.map(({ name, kind }) => `${kind} ${name}`),
		problems: result.problems.map(({ file, message }) => `${file}: ${message}`),
	};
}

const shapes = (await readdir(SHAPES, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();

describe('discovery on monorepo shapes (golden catalogs)', () => {
	it('has the four shapes of the issue', () => {
		expect(shapes).toEqual(['aspire-apphost', 'not-services', 'root-context-compose', 'shared-image']);
	});

	it.each(shapes)('%s matches expected.json', async (shape) => {
		const actual = `${JSON.stringify(await catalogOf(shape), null, '\t')}\n`;
		const golden = path.join(SHAPES, shape, 'expected.json');
		await expectGolden(actual, golden);
	});

	it('never roots a service at the repository root beside other services, nor names one after a path', async () => {
		for (const shape of shapes) {
			const { services } = await catalogOf(shape);
			expect(services.filter((service) => service.path === '.'), shape).toEqual([]);
			for (const service of services) expect(service.id, shape).not.toMatch(/^(src|cmd|services|repo)-/);
		}
	});

	it('uses .env values to find Dockerfiles but keeps none of them', async () => {
		const text = JSON.stringify(await catalogOf('root-context-compose'));
		expect(text).not.toContain('hunter2');
		expect(text).not.toContain('POSTGRES_PASSWORD');
	});
});
