// `shipshape backlog` on the sample catalog: its four formats as golden files, and its errors.
// After an intended change of output: UPDATE_GOLDEN=1 npm test, then review the diff.
import { expectGolden } from '../support/golden.ts';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/temp.ts';

const BIN = path.join(PROJECT_ROOT, 'src/cli/shipshape.mjs');
const GOLDEN = path.join(PROJECT_ROOT, 'test/cli/golden');

function backlog(args: string[]) {
	const result = spawnSync(process.execPath, [BIN, 'backlog', '--now', '2026-12-01T00:00:00Z', ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
	return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('shipshape backlog', () => {
	it.each<[string, string[], string]>([
		['text', ['--team', 'fulfilment'], 'backlog.txt'],
		['csv', ['--team', 'fulfilment', '--format', 'csv'], 'backlog.csv'],
		['json with a capacity', ['--team', 'fulfilment', '--capacity', '10', '--format', 'json'], 'backlog.json'],
		['markdown with a capacity', ['--team', 'storefront', '--capacity', '8', '--format', 'markdown'], 'backlog.md'],
	])('%s matches its golden file', async (_format, args, golden) => {
		const result = backlog(args);
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		await expectGolden(result.stdout, path.join(GOLDEN, golden));
	});

	it('gives each item the same key on every run', () => {
		const keys = (run: ReturnType<typeof backlog>) => (JSON.parse(run.stdout) as { items: { key: string }[] }).items.map((item) => item.key);
		expect(keys(backlog(['--team', 'storefront', '--format', 'json']))).toEqual(keys(backlog(['--team', 'storefront', '--format', 'json'])));
	});

	it.each<[string, string[], RegExp]>([
		['an unknown team', ['--team', 'nope'], /--team "nope" is not in the catalog; its teams are fulfilment, payments, storefront/],
		['a capacity that is not a number', ['--team', 'payments', '--capacity', 'lots'], /--capacity "lots" is not a positive number of points/],
	])('exits 2 on %s', (_case, args, message) => {
		const result = backlog(args);
		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(message);
	});
});
