import { readdir, readFile, stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { COLLECTORS } from '../../collectors/index.ts';
import { Facts } from '../../catalog/schema/facts.ts';
import { COLLECTOR_ALIASES } from '../../src/lib/config/schema.ts';
import { EVALUATORS } from '../../src/lib/scoring/evaluators/index.ts';

const HELPERS = new Set(['index.ts', 'judge-all.ts', 'k8s-containers.ts', 'datastores.ts']);
const NOT_COLLECTORS = new Set(['lib', 'discovery']);

describe('evaluator registry', () => {
	it('lists exactly the evaluator files on disk, alphabetically', async () => {
		const files = (await readdir(new URL('../../src/lib/scoring/evaluators/', import.meta.url))).filter((file) => file.endsWith('.ts') && !HELPERS.has(file));

		expect(EVALUATORS.map((evaluator) => `${evaluator.meta.name}.ts`)).toEqual(files.sort());
	});
});

describe('collector registry', () => {
	it('lists exactly the collector folders, alphabetically, each with a README', async () => {
		const root = new URL('../../collectors/', import.meta.url);
		const folders: string[] = [];
		for (const entry of await readdir(root)) {
			if (!NOT_COLLECTORS.has(entry) && (await stat(new URL(entry, root))).isDirectory()) folders.push(entry);
		}

		expect(COLLECTORS.map((collector) => collector.id)).toEqual(folders.sort());
		for (const folder of folders) await expect(stat(new URL(`${folder}/README.md`, root))).resolves.toBeTruthy();
	});

	it('gives every collector one facts file, catalog/schema/facts/<id>.ts, composed under its id', async () => {
		const files = (await readdir(new URL('../../catalog/schema/facts/', import.meta.url))).filter((file) => file.endsWith('.ts'));

		expect(files.sort()).toEqual(COLLECTORS.map((collector) => `${collector.id}.ts`).sort());
		for (const collector of COLLECTORS) expect((Facts.shape as Record<string, { unwrap(): unknown }>)[collector.id]?.unwrap(), `${collector.id}: its facts schema is the one composed in catalog/schema/facts.ts`).toBe(collector.facts);
	});

	it('documents every collector\'s settings under collectors.<id> in the configuration\'s JSON Schema', async () => {
		const schema = JSON.parse(await readFile(new URL('../../catalog/schema/json/config.schema.json', import.meta.url), 'utf8'));
		const documented = Object.keys(schema.properties.collectors.properties).sort();

		expect(documented).toEqual(COLLECTORS.filter((collector) => collector.settings !== undefined).map((collector) => collector.id).sort());
		// The top-level spellings are the same schemas.
		for (const [alias, id] of Object.entries(COLLECTOR_ALIASES)) expect(schema.properties[alias], `${alias}: is collectors.${id}`).toEqual(expect.objectContaining({ properties: schema.properties.collectors.properties[id].properties }));
	});

	it('gives every collector a fact namespace of its own id', () => {
		expect(Object.keys(Facts.shape).sort()).toEqual(COLLECTORS.map((collector) => collector.id).sort());
		for (const collector of COLLECTORS) {
			expect(collector.version).toBeGreaterThan(0);
			expect(collector.description).toMatch(/\.$/);
		}
	});
});
