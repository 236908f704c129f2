// A Backstage catalog with every kind Shipshape reads (test/fixtures/backstage): Location, Domain,
// System, Group (with a parent), User (with memberOf and e-mail), Component, API and Resource.
// What discovery makes of it is a golden file beside the fixture.
// After an intended change: UPDATE_GOLDEN=1 npm test, then review the diff.
import { expectGolden } from '../../support/golden.ts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverServices } from '../../../collectors/discovery/index.ts';
import { listFiles, readFileSafely } from '../../../collectors/lib/files.ts';
import type { Logger } from '../../../collectors/types.ts';
import { DEFAULT_DISCOVERY } from '../../../src/lib/config/load.ts';
import { PROJECT_ROOT } from '../../support/temp.ts';

const FIXTURE = path.join(PROJECT_ROOT, 'test/fixtures/backstage');
const silent: Logger = { info() {}, warn() {}, progress() {} };

describe('a Backstage catalog with every kind', () => {
	it('matches expected.json, and never keeps the PagerDuty integration key', async () => {
		const root = path.join(FIXTURE, 'repo');
		const result = await discoverServices({ repoRoot: root, repoFiles: await listFiles(root), teams: [], settings: { ...DEFAULT_DISCOVERY, history: { ...DEFAULT_DISCOVERY.history, enabled: false } }, readFile: readFileSafely, log: silent, now: new Date('2026-12-01T00:00:00Z') });
		const summary = {
			services: result.services.map(({ id, name, description, owner, lifecycle, system, dependsOn, resources, apis, links, repository, descriptor }) => ({ id, name, description, owner, lifecycle, system, dependsOn, resources, apis, links, repository, alertSources: descriptor.alertSources })),
			teams: result.teams.map(({ id, name, description, members, parent }) => ({ id, name, description, members, parent })),
			groupings: result.groupings,
			problems: result.problems.map(({ file, message }) => `${file}: ${message}`),
		};
		const actual = `${JSON.stringify(summary, null, '\t')}\n`;
		await expectGolden(actual, path.join(FIXTURE, 'expected.json'));
		expect(actual).not.toContain('0123456789abcdef');
	});
});
