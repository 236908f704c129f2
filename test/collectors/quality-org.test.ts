// An organisation with two domains, three systems (one declared in Backstage, one in service.yaml,
// one in the configuration), teams only from CODEOWNERS and Backstage Groups, and one of each
// data-quality problem (test/fixtures/quality-org). What collect writes for systems, domains and
// teams, and what the quality rules find, are golden files beside the fixture.
// After an intended change: UPDATE_GOLDEN=1 npm test, then review the diff.
import { expectGolden } from '../support/golden.ts';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCollection } from '../../collectors/run.ts';
import type { Logger } from '../../collectors/types.ts';
import { resolveSettings } from '../../src/lib/config/load.ts';
import { checkQuality } from '../../src/lib/quality/index.ts';
import { loadCatalog } from '../../src/lib/report/load-catalog.ts';
import { PROJECT_ROOT, tempDirectory } from '../support/temp.ts';

const FIXTURE = path.join(PROJECT_ROOT, 'test/fixtures/quality-org');
const silent: Logger = { info() {}, warn() {}, progress() {} };
let catalog: string;

beforeAll(async () => {
	catalog = await tempDirectory('quality-org-');
	const settings = await resolveSettings({ config: path.join(FIXTURE, 'repo/shipshape.config.yaml'), catalog, offline: true }, FIXTURE);
	await runCollection(settings, { now: new Date('2026-12-01T00:00:00Z'), log: silent });
});

async function records(directory: string): Promise<unknown[]> {
	const names = (await readdir(path.join(catalog, directory))).sort();
	return Promise.all(names.map(async (name) => JSON.parse(await readFile(path.join(catalog, directory, name), 'utf8'))));
}

describe('systems, domains, teams and quality of an organisation without teams:', () => {
	it.each(['systems', 'domains', 'teams'])('catalog/%s matches its golden file', async (directory) => {
		const actual = `${JSON.stringify(await records(directory), null, '\t')}\n`;
		const golden = path.join(FIXTURE, `expected-${directory}.json`);
		await expectGolden(actual, golden);
	});

	it('finds one of each data-quality problem (golden)', async () => {
		const loaded = await loadCatalog(catalog);
		const actual = `${JSON.stringify(checkQuality(loaded).findings, null, '\t')}\n`;
		const golden = path.join(FIXTURE, 'expected-quality.json');
		await expectGolden(actual, golden);
		const rules = new Set(checkQuality(loaded).findings.map((finding) => finding.rule));
		expect([...rules].sort()).toEqual(['alias-unique', 'descriptor-has-code', 'descriptors-agree', 'owner-is-known', 'refs-resolve', 'service-has-description', 'service-has-lifecycle', 'service-has-owner', 'service-has-tier', 'team-has-services']);
	});
});
