// One measured step of the benchmark, run in its own process so that peak memory is its own.
// Prints one JSON line: { step, seconds, peakMB, ...detail }.
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readSync } from 'node:fs';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCollection } from '../../collectors/run.ts';
import type { Logger } from '../../collectors/types.ts';
import { resolveSettings } from '../../src/lib/config/load.ts';
import { loadCatalog } from '../../src/lib/report/load-catalog.ts';
import { loadRubric } from '../../src/lib/report/load-rubric.ts';
import { EVALUATORS_BY_NAME } from '../../src/lib/scoring/evaluators/index.ts';
import { scoreCatalog } from '../../src/lib/scoring/score.ts';
import { main } from '../../src/cli/main.ts';

const [step, work, rubric, checksArgument = '40'] = process.argv.slice(2) as [string, string, string, string?];
const checks = Number(checksArgument);
const projectRoot = new URL('../../', import.meta.url).pathname;
const silent: Logger = { info() {}, warn() {}, progress() {} };
const NOW = new Date('2026-12-01T00:00:00Z');
const started = performance.now();
let detail: Record<string, unknown> = {};

if (step === 'collect') {
	const settings = await resolveSettings({ repo: path.join(work, 'monorepo'), inventory: path.join(work, 'inventory'), catalog: path.join(work, 'catalog') }, work);
	const summary = await runCollection(settings, { now: NOW, log: silent });
	detail = { services: summary.serviceCount, inputErrors: summary.inputErrorCount };
} else if (step === 'score') {
	const [catalog, loaded] = await Promise.all([loadCatalog(path.join(work, 'catalog')), loadRubric(rubric, EVALUATORS_BY_NAME)]);
	const scoring = performance.now();
	const result = scoreCatalog({ services: catalog.services, teams: catalog.teams, rubric: loaded, evaluators: EVALUATORS_BY_NAME, now: NOW });
	detail = { services: result.services.length, checks: loaded.checks.length, scoringOnlySeconds: round((performance.now() - scoring) / 1000) };
} else if (step === 'build') {
	const code = await main(['build', '--catalog', path.join(work, 'catalog'), '--rubric', rubric, '--out', path.join(work, 'dist'), '--now', NOW.toISOString(), '--quiet'], { stdout: () => {}, stderr: (text) => process.stderr.write(text), cwd: work });
	if (code !== 0) throw new Error(`build exited ${code}`);
	detail = { pages: await countPages(path.join(work, 'dist')) };
} else if (step === 'build-incremental') {
	// The next scheduled build after one service changed: its record rewritten as collect writes it
	// after a descriptor edit, the page cache the build step left in place.
	const services = (await readdir(path.join(work, 'catalog', 'services'))).filter((file) => file.endsWith('.json')).sort();
	const record = path.join(work, 'catalog', 'services', services[Math.floor(services.length / 2)]!);
	await writeFile(record, `${JSON.stringify({ ...JSON.parse(await readFile(record, 'utf8')), description: 'Edited for the incremental build.' }, null, 2)}\n`);
	let summary = '';
	const code = await main(['build', '--catalog', path.join(work, 'catalog'), '--rubric', rubric, '--out', path.join(work, 'dist'), '--now', NOW.toISOString(), '--quiet'], { stdout: (text) => (summary += text), stderr: (text) => process.stderr.write(text), cwd: work });
	if (code !== 0) throw new Error(`build exited ${code}`);
	const rendered = /Service pages: (\d+) rendered, (\d+) reused/.exec(summary);
	if (rendered === null) throw new Error(`the incremental build reused no page: ${summary}`);
	detail = { rendered: Number(rendered[1]), reused: Number(rendered[2]) };
} else if (step === 'merge') {
	// The merge job of a many-repository run: every fragment checked against its manifest, merged, written.
	const fragments = path.join(work, 'fragments');
	const code = await main(['merge', fragments, '--catalog', path.join(work, 'catalog'), '--quiet'], { stdout: () => {}, stderr: (text) => process.stderr.write(text), cwd: work });
	if (code !== 0) throw new Error(`merge exited ${code}`);
	detail = { fragments: (await readdir(fragments)).length };
} else if (step === 'floor-heads') {
	// The floor for collection: list with git and read the first 4 KB of every file, the I/O any
	// content-aware scan needs, with nothing done with the bytes.
	const repo = path.join(work, 'monorepo');
	const listed = execFileSync('git', ['ls-files', '-z'], { cwd: repo, maxBuffer: 1 << 30, encoding: 'utf8' }).split('\0').filter(Boolean);
	const buffer = Buffer.alloc(4096);
	for (const file of listed) {
		const descriptor = openSync(path.join(repo, file), 'r');
		readSync(descriptor, buffer, 0, 4096, 0);
		closeSync(descriptor);
	}
	detail = { files: listed.length };
} else if (step === 'floor-pages') {
	// The floor for the build: a plain script writing the same number of minimal HTML pages.
	const services = (await readdir(path.join(work, 'catalog', 'services'))).filter((file) => file.endsWith('.json'));
	for (const file of services) {
		const directory = path.join(work, 'floor', file.replace(/\.json$/, ''));
		await mkdir(directory, { recursive: true });
		await writeFile(path.join(directory, 'index.html'), `<!doctype html><title>${file}</title><h1>${file}</h1>`);
	}
	detail = { pages: services.length };
} else if (step === 'history') {
	// A year of daily snapshots (seeded files, as `history.snapshots` reads them), read as the build
	// reads them: whole for the last week, trimmed to two campaign checks before that. The first
	// read fills the cache of trimmed snapshots; the bench runs the step again to read through it.
	const { readHistory } = await import('../../src/lib/history/read.ts');
	const { points, problems } = await readHistory(path.join(work, 'catalog', 'snapshot.json'), { maxCommits: 0, sinceDays: 366, now: NOW, snapshotsDirectory: path.join(work, 'snapshots'), keepChecks: new Set(['has-owner', 'has-readme']), wholeForDays: 7, cacheDirectory: path.join(work, '.shipshape', 'history') });
	if (problems.length > 0) throw new Error(problems.join('\n'));
	detail = { snapshots: points.length };
} else if (step === 'floor-astro') {
	// The floor for the build: a bare Astro project rendering the same number of service pages, each
	// a heading and a table of as many rows as the rubric has checks, with Shipshape's own Astro.
	const services = (await readdir(path.join(work, 'catalog', 'services'))).filter((file) => file.endsWith('.json')).map((file) => file.replace(/\.json$/, ''));
	const project = path.join(work, 'bare-astro');
	await mkdir(path.join(project, 'src', 'pages', 'services'), { recursive: true });
	await writeFile(
		path.join(project, 'src', 'pages', 'services', '[id].astro'),
		`---\nexport function getStaticPaths() { return ${JSON.stringify(services)}.map((id) => ({ params: { id } })); }\nconst { id } = Astro.params;\nconst rows = Array.from({ length: ${checks} }, (_, index) => index);\n---\n<html lang="en"><head><title>{id}</title></head><body><h1>{id}</h1><table>{rows.map((row) => <tr><td>check {row}</td><td>pass</td><td>evidence of {id}</td></tr>)}</table></body></html>\n`,
	);
	await symlink(path.join(projectRoot, 'node_modules'), path.join(project, 'node_modules'));
	const { build } = await import('astro');
	await build({ root: project, outDir: path.join(project, 'dist'), logLevel: 'error' });
	detail = { pages: services.length };
} else {
	throw new Error(`unknown step ${step}`);
}

console.log(JSON.stringify({ step, seconds: round((performance.now() - started) / 1000), peakMB: Math.round(process.resourceUsage().maxRSS / 1024), ...detail }));

function round(value: number): number {
	return Math.round(value * 100) / 100;
}

async function countPages(directory: string): Promise<number> {
	let count = 0;
	for (const entry of await readdir(directory, { withFileTypes: true, recursive: true })) if (entry.isFile() && entry.name === 'index.html') count += 1;
	return count;
}
