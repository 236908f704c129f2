// The cache of trimmed snapshots (`.shipshape/history/`): reading a year of history through it must
// give exactly what reading the snapshots themselves gives, from files and from git, and a snapshot
// that changed, a damaged entry or one that left the window must never be served from it.
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readHistory, type HistoryOptions } from '../../src/lib/history/read.ts';
import { git, initRepository } from '../support/git.ts';
import { PROJECT_ROOT, tempDirectory } from '../support/temp.ts';

const NOW = new Date('2026-12-01T06:00:00Z');
let root: string;
let sample: Record<string, any>;

/** A daily snapshot: the sample's, dated `date`, with payments-api's score `score`. */
function snapshotOf(date: string, score: number): string {
	return `${JSON.stringify({ ...sample, date, services: { ...sample.services, 'payments-api': { ...sample.services['payments-api'], score } } }, null, 2)}\n`;
}

const day = (offset: number) => new Date(NOW.getTime() - offset * 86_400_000).toISOString().slice(0, 10);

function options(overrides: Partial<HistoryOptions> = {}): HistoryOptions {
	return { maxCommits: 50, sinceDays: 30, now: NOW, snapshotsDirectory: path.join(root, 'snapshots'), keepChecks: new Set(['has-owner', 'has-readme']), wholeForDays: 2, cacheDirectory: path.join(root, 'cache'), ...overrides };
}

const withoutCache = (overrides: Partial<HistoryOptions> = {}) => readHistory(path.join(root, 'repo/catalog/snapshot.json'), options({ ...overrides, cacheDirectory: null }));
const withCache = (overrides: Partial<HistoryOptions> = {}) => readHistory(path.join(root, 'repo/catalog/snapshot.json'), options(overrides));
const entries = async () => (await readdir(path.join(root, 'cache')).catch(() => [] as string[])).sort();

beforeAll(async () => {
	root = await tempDirectory('history-cache-');
	sample = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'catalog/snapshot.json'), 'utf8'));
	// Ten seeded days (files), payments-api's score moving on days 6 and 3.
	await mkdir(path.join(root, 'snapshots'));
	for (let offset = 20; offset >= 11; offset -= 1) await writeFile(path.join(root, 'snapshots', `${day(offset)}.json`), snapshotOf(day(offset), offset > 15 ? 70 : 80));
	// Then scheduled builds committed to git: days 10 to 1.
	const repo = path.join(root, 'repo');
	await mkdir(path.join(repo, 'catalog'), { recursive: true });
	initRepository(repo);
	for (let offset = 10; offset >= 1; offset -= 1) {
		await writeFile(path.join(repo, 'catalog/snapshot.json'), snapshotOf(day(offset), offset > 5 ? 80 : 85));
		git(repo, ['add', '-A']);
		git(repo, ['commit', '-q', '-m', `readiness ${day(offset)}`], { GIT_AUTHOR_DATE: `${day(offset)}T06:00:00Z`, GIT_COMMITTER_DATE: `${day(offset)}T06:00:00Z` });
	}
});

describe('the cache of trimmed snapshots', () => {
	it('gives what reading the snapshots gives, when it fills and when it serves, from files and from git', async () => {
		const expected = await withoutCache();
		expect(expected.points.map((point) => point.date)).toEqual(Array.from({ length: 20 }, (_, index) => day(20 - index)));
		expect(expected.problems).toEqual([]);
		expect(await entries()).toEqual([]);

		const filling = await withCache();
		// Days before the two kept whole (and before today) are kept trimmed: days 3 to 20.
		expect(await entries()).toHaveLength(18);
		const served = await withCache();
		expect(JSON.parse(JSON.stringify(filling))).toEqual(JSON.parse(JSON.stringify(expected)));
		expect(JSON.parse(JSON.stringify(served))).toEqual(JSON.parse(JSON.stringify(expected)));
		expect(served.points[0]!.snapshot.services['payments-api']).toEqual({ ...sample.services['payments-api'], score: 70, categories: {}, checks: { 'has-owner': 'pass', 'has-readme': 'pass' } });
	});

	it('shares a service entry between days it did not change, and not across a change', async () => {
		for (const read of [withoutCache, withCache]) {
			const { points } = await read();
			const services = (offset: number) => points.find((point) => point.date === day(offset))!.snapshot.services;
			expect(services(20).ledger).toBe(services(12).ledger);
			expect(services(20)['payments-api']).toBe(services(16)['payments-api']);
			expect(services(16)['payments-api']).not.toBe(services(15)['payments-api']);
			expect(services(15)['payments-api']!.score).toBe(80);
		}
	});

	it('reads a snapshot file again when it changed, and a damaged entry from its source', async () => {
		await withCache();
		const edited = path.join(root, 'snapshots', `${day(18)}.json`);
		await writeFile(edited, snapshotOf(day(18), 42));
		const afterEdit = await withCache();
		expect(afterEdit.points.find((point) => point.date === day(18))!.snapshot.services['payments-api']!.score).toBe(42);
		expect(await entries()).toHaveLength(18);

		// Half cut off (not JSON), half of another shape.
		for (const [index, name] of (await entries()).entries()) await writeFile(path.join(root, 'cache', name), index % 2 === 0 ? '{"format":2,"ids":"broken"' : '{"format":2,"date":"2026-11-20","ids":[1],"rows":[]}');
		const repaired = await withCache();
		expect(JSON.parse(JSON.stringify(repaired))).toEqual(JSON.parse(JSON.stringify(await withoutCache())));
		expect(JSON.parse(await readFile(path.join(root, 'cache', (await entries())[0]!), 'utf8')).rows).toHaveLength(Object.keys(sample.services).length);
	});

	it('deletes the entries of snapshots no longer read, and keeps none for other checks', async () => {
		await withCache();
		// Three commits: days 1 to 3, so only day 3's commit is kept trimmed, beside the ten files (a
		// file is read whatever its date, and its entry spares parsing it).
		await withCache({ maxCommits: 3 });
		expect(await entries()).toHaveLength(11);
		const whole = await readHistory(path.join(root, 'repo/catalog/snapshot.json'), options({ keepChecks: undefined }));
		expect(Object.keys(whole.points[0]!.snapshot.services['payments-api']!.checks).length).toBeGreaterThan(2);
		expect(await entries()).toHaveLength(11);
	});
});
