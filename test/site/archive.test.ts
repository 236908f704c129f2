// Versioned reports: three scheduled builds with `--archive` and `keepReports: 2`. Each build is
// published at /reports/<date>-<sha>/ with its own base, the latest stays at the root, the index
// lists what is kept, and the oldest copy is pruned from the archive and the site.
import { spawnSync } from 'node:child_process';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { git, initRepository } from '../support/git.ts';
import { PROJECT_ROOT, tempDirectory } from '../support/temp.ts';

let work: string;
let sha: string;
const site = () => path.join(work, 'public');

beforeAll(async () => {
	work = await tempDirectory('archive-');
	initRepository(work);
	await cp(path.join(PROJECT_ROOT, 'catalog'), path.join(work, 'catalog'), { recursive: true, filter: (source) => !source.endsWith('snapshot.json') });
	await writeFile(path.join(work, 'shipshape.config.yaml'), 'catalog: catalog\nout: public\nsite:\n  base: /readiness/\nhistory:\n  keepReports: 2\n');
	await writeFile(path.join(work, '.gitignore'), 'public/\nreports-archive/\n');
	git(work, ['add', '-A']);
	git(work, ['commit', '-q', '-m', 'catalog']);
	sha = git(work, ['rev-parse', '--short=7', 'HEAD']).trim();
	for (const day of ['2026-11-29', '2026-11-30', '2026-12-01']) {
		const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'src/cli/shipshape.mjs'), 'build', '--now', `${day}T06:00:00Z`, '--archive', 'reports-archive', '--quiet'], { cwd: work, encoding: 'utf8' });
		if (result.status !== 0) throw new Error(`build failed: ${result.stderr}`);
		expect(result.stdout).toContain(`(report ${day}-${sha}; `);
	}
}, 300_000);

describe('versioned reports', () => {
	it('keeps the newest two in the archive and in the published site', async () => {
		expect((await readdir(path.join(work, 'reports-archive'))).sort()).toEqual([`2026-11-30-${sha}`, `2026-12-01-${sha}`]);
		expect((await readdir(path.join(site(), 'reports'))).sort()).toEqual([`2026-11-30-${sha}`, `2026-12-01-${sha}`, 'index.html']);
	});

	it('renders each copy under its own base, with a banner linking to the latest', async () => {
		const page = await readFile(path.join(site(), `reports/2026-11-30-${sha}/services/payments-api/index.html`), 'utf8');

		expect(page).toContain(`href="/readiness/reports/2026-11-30-${sha}/services/"`);
		expect(page).toContain(`This is the archived report <strong>2026-11-30-${sha}</strong>`);
		expect(page).toContain('<a href="/readiness/">See the latest report</a>');
		expect(page).not.toMatch(/(?:href|src)="\/(?!readiness\/)/);
	});

	it('publishes an archived copy exactly as it was built', async () => {
		const archived = await readFile(path.join(work, `reports-archive/2026-11-30-${sha}/index.html`), 'utf8');
		const published = await readFile(path.join(site(), `reports/2026-11-30-${sha}/index.html`), 'utf8');

		expect(published).toBe(archived);
		expect(archived).toContain('2026-11-30T06:00:00.000Z');
	});

	it('lists the kept reports, newest first, on /reports/ of the latest site', async () => {
		const index = await readFile(path.join(site(), 'reports/index.html'), 'utf8');
		const links = [...index.matchAll(/href="(\/readiness\/reports\/[^"]+)"/g)].map((match) => match[1]);

		expect(links).toEqual([`/readiness/reports/2026-12-01-${sha}/`, `/readiness/reports/2026-11-30-${sha}/`]);
		expect(index).not.toContain('2026-11-29');
	});

	it('leaves the latest site at the root, without a banner', async () => {
		const root = await readFile(path.join(site(), 'index.html'), 'utf8');

		expect(root).toContain('2026-12-01T06:00:00.000Z');
		expect(root).not.toContain('archived-banner"');
	});
});
