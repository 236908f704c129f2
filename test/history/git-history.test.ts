// History from git, end to end: a real repository in a temporary directory where two scheduled
// builds (the real `shipshape build`) committed their catalog snapshots, with a service fix, an
// owner change, a new service and a rubric change in between. Then `history`, `diff` (text,
// markdown and JSON against golden files), `diff --rubric-from` and `check` run as processes.
import { expectGolden } from '../support/golden.ts';
import { spawnSync } from 'node:child_process';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/lib/history/read.ts';
import { buildTrends } from '../../src/lib/history/trends.ts';
import { git, initRepository } from '../support/git.ts';
import { PROJECT_ROOT, tempDirectory } from '../support/temp.ts';

const GOLDEN = path.join(PROJECT_ROOT, 'test/history/golden');
const BIN = path.join(PROJECT_ROOT, 'src/cli/shipshape.mjs');
let repo: string;

function shipshape(...args: string[]) {
	return spawnSync(process.execPath, [BIN, ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, HOME: repo, GIT_CONFIG_NOSYSTEM: '1' } });
}

async function editJson(file: string, edit: (value: Record<string, any>) => void): Promise<void> {
	const value = JSON.parse(await readFile(path.join(repo, file), 'utf8'));
	edit(value);
	await writeFile(path.join(repo, file), `${JSON.stringify(value, null, 2)}\n`);
}

function commitAll(message: string, date: string): void {
	git(repo, ['add', '-A']);
	git(repo, ['commit', '-q', '-m', message], { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
}

function build(now: string): void {
	const result = shipshape('build', '--now', now, '--quiet');
	if (result.status !== 0) throw new Error(`build failed: ${result.stderr}`);
}

beforeAll(async () => {
	repo = await tempDirectory('history-');
	initRepository(repo);
	await cp(path.join(PROJECT_ROOT, 'catalog'), path.join(repo, 'catalog'), { recursive: true, filter: (source) => !source.includes(`${path.sep}schema`) && !source.endsWith('snapshot.json') });
	await cp(path.join(PROJECT_ROOT, 'rubrics'), path.join(repo, 'rubrics'), { recursive: true, filter: (source) => !source.endsWith('.ts') });
	await writeFile(path.join(repo, 'shipshape.config.yaml'), 'catalog: catalog\nrubric: rubrics\nout: site\n');
	await writeFile(path.join(repo, '.gitignore'), 'site/\n');
	// October: payments-api has lost its README, is owned by storefront, reports does not exist yet,
	// and the rubric has no secret-scanning check.
	await editJson('catalog/services/payments-api.json', (service) => {
		service.facts['repo-files'].hasReadme = false;
		service.owner = '@acme/storefront';
	});
	await rm(path.join(repo, 'catalog/services/reports.json'));
	await rm(path.join(repo, 'rubrics/checks/secret-scanning-enabled.yaml'));
	commitAll('catalog before the first build', '2026-10-01T06:00:00Z');
	build('2026-10-01T06:00:00Z');
	commitAll('readiness snapshot 2026-10-01', '2026-10-01T06:05:00Z');
	// November: the fixes land, reports is added, and the rubric gains an enforced check.
	await cp(path.join(PROJECT_ROOT, 'catalog/services'), path.join(repo, 'catalog/services'), { recursive: true });
	const check = await readFile(path.join(PROJECT_ROOT, 'rubrics/checks/secret-scanning-enabled.yaml'), 'utf8');
	await writeFile(path.join(repo, 'rubrics/checks/secret-scanning-enabled.yaml'), check.replace(/^enforcedFrom:.*\n/m, ''));
	build('2026-11-01T06:00:00Z');
	commitAll('readiness snapshot 2026-11-01', '2026-11-01T06:05:00Z');
}, 240_000);

describe('history from git', () => {
	it('reads one snapshot per build commit, oldest first, with its commit', async () => {
		const { points, problems } = await readHistory(path.join(repo, 'catalog/snapshot.json'), { maxCommits: 50, sinceDays: 365, now: new Date('2026-12-01T00:00:00Z'), snapshotsDirectory: null });

		expect(problems).toEqual([]);
		expect(points.map((point) => point.date)).toEqual(['2026-10-01', '2026-11-01']);
		expect(points.map((point) => point.commit)).toEqual([git(repo, ['rev-parse', 'HEAD~1']).trim(), git(repo, ['rev-parse', 'HEAD']).trim()]);
	});

	it('bounds the window by commits and by days', async () => {
		const file = path.join(repo, 'catalog/snapshot.json');
		const byCommits = await readHistory(file, { maxCommits: 1, sinceDays: 365, now: new Date('2026-12-01T00:00:00Z'), snapshotsDirectory: null });
		const byDays = await readHistory(file, { maxCommits: 50, sinceDays: 40, now: new Date('2026-12-01T00:00:00Z'), snapshotsDirectory: null });

		expect(byCommits.points.map((point) => point.date)).toEqual(['2026-11-01']);
		expect(byDays.points.map((point) => point.date)).toEqual(['2026-11-01']);
	});

	it('gives trend points with the rubric change marked where the version hash changes', async () => {
		const { points } = await readHistory(path.join(repo, 'catalog/snapshot.json'), { maxCommits: 50, sinceDays: 365, now: new Date('2026-12-01T00:00:00Z'), snapshotsDirectory: null });
		const trends = buildTrends(points.map((point) => point.snapshot));

		expect(trends.organisation.map((point) => point.rubricChanged)).toEqual([false, true]);
		expect(trends.services['payments-api']?.map((point) => point.score)).toEqual([expect.any(Number), 100]);
		expect(trends.services['payments-api']![0]!.score).toBeLessThan(100);
		expect(trends.services.reports?.map((point) => point.score)).toEqual([null, expect.any(Number)]);
	});

	it('gives a system a trend from the snapshots that have it, null before it existed', () => {
		const snapshot = (date: string, systems?: Record<string, number>) => ({ date, rubricVersion: 'v', services: {}, teams: {}, organisation: { score: 50, levelCounts: {} }, ...(systems === undefined ? {} : { systems: Object.fromEntries(Object.entries(systems).map(([id, score]) => [id, { score, levelCounts: {} }])) }) });
		const trends = buildTrends([snapshot('2026-10-01'), snapshot('2026-11-01', { shop: 60 }), snapshot('2026-12-01', { shop: 72.5, payments: 40 })]);
		expect(trends.systems).toEqual({
			payments: [{ date: '2026-10-01', score: null, rubricChanged: false }, { date: '2026-11-01', score: null, rubricChanged: false }, { date: '2026-12-01', score: 40, rubricChanged: false }],
			shop: [{ date: '2026-10-01', score: null, rubricChanged: false }, { date: '2026-11-01', score: 60, rubricChanged: false }, { date: '2026-12-01', score: 72.5, rubricChanged: false }],
		});
		expect(trends.domains).toEqual({});
	});

	it('prints the history table with the rubric change starred', () => {
		const result = shipshape('history', '--now', '2026-12-01');

		expect(result.status).toBe(0);
		expect(result.stdout).toMatch(/^DATE +COMMIT +RUBRIC +SCORE +LEVELS\n2026-10-01 +[0-9a-f]{7} +[0-9a-f]{12} +[\d.]+ +none \d+, bronze \d+, silver \d+, gold \d+\n2026-11-01 +[0-9a-f]{7} +[0-9a-f]{12} \*/);
	});
});

describe('shipshape diff', () => {
	it.each([
		['text', 'diff.txt'],
		['markdown', 'diff.md'],
		['json', 'diff.json'],
	])('--format %s matches its golden file', async (format, golden) => {
		const result = shipshape('diff', '--from', 'HEAD~1', '--to', 'HEAD', '--format', format);

		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		// After an intended change of output, a rubric or the sample: UPDATE_GOLDEN=1 npm test, then review the diff.
		await expectGolden(result.stdout, path.join(GOLDEN, golden));
	});

	it('names the level change, its cause, the owner change, the new service and the new check', () => {
		const diff = JSON.parse(shipshape('diff', '--from', 'HEAD~1', '--to', 'HEAD', '--format', 'json').stdout);

		expect(diff.levelChanges).toContainEqual(expect.objectContaining({ service: 'payments-api', from: null, to: 'gold', direction: 'up', causes: [{ check: 'has-readme', from: 'fail', to: 'pass' }, { check: 'secret-scanning-enabled', from: null, to: 'pass' }] }));
		expect(diff.ownerChanges).toEqual([{ service: 'payments-api', from: '@acme/storefront', to: 'payments' }]);
		expect(diff.addedServices).toEqual([{ service: 'reports', level: null }]);
		expect(diff.addedChecks).toEqual(['secret-scanning-enabled']);
		expect(diff.rubricChanged).toBe(true);
	});

	it('compares with the working tree when --to is left out', () => {
		const result = shipshape('diff', '--from', 'HEAD', '--now', '2026-11-01T06:00:00Z');

		expect(result.status).toBe(0);
		expect(result.stdout).toBe('Readiness changes from HEAD to working tree:\n  no change.\n');
	});

	it('exits 2 with a clear message for an unknown revision or missing flags', () => {
		const unknown = shipshape('diff', '--from', 'no-such-rev');
		const neither = shipshape('diff');

		expect(unknown.status).toBe(2);
		expect(unknown.stderr).toContain('"no-such-rev" is not a revision of this repository');
		expect(neither.status).toBe(2);
		expect(neither.stderr).toContain('give one of --from <rev>');
	});

	it('--rubric-from previews which services and teams a rubric change moves', () => {
		const result = shipshape('diff', '--rubric-from', 'HEAD~1', '--now', '2026-11-01T06:00:00Z', '--format', 'json');
		const diff = JSON.parse(result.stdout);

		expect(result.status).toBe(0);
		expect(diff.from.label).toBe('rubric at HEAD~1');
		expect(diff.addedChecks).toEqual(['secret-scanning-enabled']);
		// ledger is the one service without secret scanning, and it is already below Bronze.
		expect(diff.levelChanges).toEqual([]);
		expect(diff.teamChanges.map((change: { team: string }) => change.team)).toContain('payments');
	});

	it('check keeps its exit codes in the same repository', () => {
		expect(shipshape('check', '--service', 'payments-api', '--min-level', 'gold', '--now', '2026-11-01').status).toBe(0);
		expect(shipshape('check', '--service', 'ledger', '--min-level', 'bronze', '--now', '2026-11-01').status).toBe(1);
		expect(shipshape('check', '--service', 'ghost', '--min-level', 'bronze').status).toBe(2);
	});
});
