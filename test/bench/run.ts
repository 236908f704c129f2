// `npm run bench [-- --services 5000 --files-per-service 6 --teams 50]`: generates a synthetic
// organisation and reports wall time and peak memory of collect, score and build, each next to its
// floor (`git ls-files` on the same tree; a plain writer of as many HTML pages).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { generateOrganisation } from './generate.ts';

const { values } = parseArgs({
	options: {
		services: { type: 'string', default: '5000' },
		'files-per-service': { type: 'string', default: '100' },
		teams: { type: 'string', default: '40' },
		checks: { type: 'string', default: '40' },
		'history-days': { type: 'string', default: '365' },
		keep: { type: 'boolean', default: false },
		fragments: { type: 'string' },
	},
});
const projectRoot = new URL('../../', import.meta.url).pathname;

if (values.fragments !== undefined) {
	await benchMerge(Number(values.fragments));
	process.exit(0);
}
const services = Number(values.services);
const filesPerService = Number(values['files-per-service']);
const work = path.join(tmpdir(), `shipshape-bench-${services}`);

await rm(work, { recursive: true, force: true });
await mkdir(work, { recursive: true });
console.error(`Generating ${services} services × ${filesPerService} files in ${work} …`);
const generated = await generateOrganisation(work, { services, filesPerService, teams: Number(values.teams) });
const rubric = await widenRubric(path.join(work, 'rubric'), Number(values.checks));

execFileSync('git', ['init', '-q'], { cwd: generated.repo });
execFileSync('git', ['add', '-A'], { cwd: generated.repo });
// The generator's writes are flushed before anything is timed, so that their writeback does not land
// in whichever step runs first.
execFileSync('sync');
const floorListing = timed(() => execFileSync('git', ['ls-files'], { cwd: generated.repo, maxBuffer: 1 << 30 }));

const results: StepResult[] = [];
const historyDays = Number(values['history-days']);
// Other load on the machine, sampled for two seconds before the measured steps start.
const idleBefore = cpuTimes();
await new Promise((resolve) => setTimeout(resolve, 2000));
const idleAfter = cpuTimes();
const background = idleAfter.total === idleBefore.total ? 0 : (idleAfter.busy - idleBefore.busy) / (idleAfter.total - idleBefore.total);
let seeded = false;
// The reading floor runs just before collect, so that both find the files in the same cache state.
for (const step of ['floor-heads', 'collect', 'score', 'build', 'build-incremental', 'floor-pages', 'floor-astro', ...(historyDays > 0 ? ['history', 'history'] : [])]) {
	// Seeded once: the second history step reads the same files through the cache the first filled.
	if (step === 'history' && !seeded) {
		await seedHistory(work, historyDays);
		seeded = true;
	}
	results.push(runStep(step, work, rubric));
}
const [floorHeads, collect, score, build, incremental, floorPages, floorAstro, history, historyCached] = results as [StepResult, StepResult, StepResult, StepResult, StepResult, StepResult, StepResult, StepResult | undefined, StepResult | undefined];
const pages = await readdir(path.join(work, 'dist', 'services'));
const largest = await largestServicePage(path.join(work, 'dist', 'services'), pages);

console.log(`\nShipshape bench: ${services} services, ${generated.files} files (about ${filesPerService} per service, skewed), ${generated.codeownersRules} CODEOWNERS rules, ${values.teams} teams, ${score.checks} checks (Node ${process.version}, ${(await import('node:os')).cpus().length} cores)\n`);
console.log('| step | wall (s) | peak RSS (MB) | floor | detail |');
console.log('|---|---:|---:|---|---|');
console.log(`| collect | ${collect.seconds} | ${collect.peakMB} | git ls-files: ${floorListing} s; ls-files + read 4 KB of each file: ${floorHeads.seconds} s | ${Math.round(generated.files / collect.seconds)} files/s |`);
console.log(`| score | ${score.seconds} | ${score.peakMB} | – | scoring alone ${score.scoringOnlySeconds} s |`);
console.log(`| build | ${build.seconds} | ${build.peakMB} | bare Astro build of the service pages: ${floorAstro.seconds} s, ${floorAstro.peakMB} MB; plain writer: ${floorPages.seconds} s, ${floorPages.peakMB} MB | ${build.pages} pages; largest service page ${largest} |`);
console.log(`| build, incremental | ${incremental.seconds} | ${incremental.peakMB} | ${Math.round((incremental.seconds / build.seconds) * 100)}% of the full build | one service record changed: ${incremental.rendered} service page rendered, ${incremental.reused} reused from the page cache |`);
console.log(`| total | ${Math.round((collect.seconds + score.seconds + build.seconds) * 100) / 100} | ${Math.max(collect.peakMB, score.peakMB, build.peakMB)} | | |`);
if (history !== undefined) console.log(`| history (${history.snapshots} daily snapshots) | ${history.seconds} | ${history.peakMB} | – | read as the build reads them, the first time (fills .shipshape/history) |`);
if (historyCached !== undefined) console.log(`| history, next build | ${historyCached.seconds} | ${historyCached.peakMB} | – | the same, old snapshots through their trimmed copies |`);
const during = (['collect', 'score', 'build', 'build-incremental'] as const).map((name, index) => `${name} ${Math.round([collect, score, build, incremental][index]!.otherLoad! * 100)}%`).join(', ');
console.log(`\nOther load: the machine's cores were ${Math.round(background * 100)}% busy in the two seconds before the steps ran; other processes took this share of them during each step: ${during}.`);
if (!values.keep) await rm(work, { recursive: true, force: true });

// Each step's one JSON line: { step, seconds, peakMB, ...detail }.
type StepResult = { seconds: number; peakMB: number } & Record<string, number>;

function runStep(step: string, directory: string, rubricDirectory: string): StepResult {
	console.error(`Running ${step} …`);
	const [machineBefore, stepsBefore] = [cpuTimes(), childrenCpuSeconds()];
	const child = spawnSync(process.execPath, [path.join(projectRoot, 'test/bench/step.ts'), step, directory, rubricDirectory, values.checks], { encoding: 'utf8', maxBuffer: 1 << 26 });
	if (child.status !== 0) throw new Error(`${step} failed:\n${child.stderr}`);
	const [machineAfter, stepsAfter] = [cpuTimes(), childrenCpuSeconds()];
	// What the rest of the machine used while the step ran: all busy CPU time less the step's own
	// (with its children, such as Pagefind), as a share of every core's time.
	const elapsed = machineAfter.total - machineBefore.total;
	const otherLoad = elapsed <= 0 ? 0 : Math.max(0, machineAfter.busy - machineBefore.busy - (stepsAfter - stepsBefore)) / elapsed;
	return { ...(JSON.parse(child.stdout.trim().split('\n').at(-1)!) as StepResult), otherLoad };
}

/** CPU seconds of this process's finished children (and theirs), from /proc/self/stat; 0 elsewhere. */
function childrenCpuSeconds(): number {
	try {
		// After the command's name (in parentheses, possibly with spaces): cutime and cstime are the
		// 14th and 15th fields, in clock ticks (100 a second, as in /proc/stat).
		const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /s, '').split(' ');
		return (Number(fields[13]) + Number(fields[14])) / 100;
	} catch {
		return 0;
	}
}

/**
 * `npm run bench -- --fragments 2000`: the merge job of a many-repository organisation (2,000
 * fragments of 1–10 services), then the build of the merged catalog next to a bare Astro build of
 * as many pages.
 */
async function benchMerge(count: number): Promise<void> {
	const directory = path.join(tmpdir(), `shipshape-bench-fragments-${count}`);
	await rm(directory, { recursive: true, force: true });
	await mkdir(directory, { recursive: true });
	console.error(`Generating ${count} fragments in ${directory} …`);
	const { generateFragments } = await import('./fragments.ts');
	const generated = await generateFragments(directory, count, Number(values.teams));
	const rubricDirectory = await widenRubric(path.join(directory, 'rubric'), Number(values.checks));
	const [merge, build, floorAstro] = ['merge', 'build', 'floor-astro'].map((step) => runStep(step, directory, rubricDirectory)) as [StepResult, StepResult, StepResult];
	console.log(`\nShipshape merge bench: ${generated.fragments} fragments, ${generated.services} services (1–10 per repository), ${values.teams} teams, ${values.checks} checks (Node ${process.version}, ${(await import('node:os')).cpus().length} cores)\n`);
	console.log('| step | wall (s) | peak RSS (MB) | floor | detail |');
	console.log('|---|---:|---:|---|---|');
	console.log(`| merge | ${merge.seconds} | ${merge.peakMB} | – | ${Math.round(generated.fragments / merge.seconds)} fragments/s |`);
	console.log(`| build | ${build.seconds} | ${build.peakMB} | bare Astro build of the service pages: ${floorAstro.seconds} s, ${floorAstro.peakMB} MB | ${build.pages} pages |`);
	if (!values.keep) await rm(directory, { recursive: true, force: true });
}

function timed(action: () => unknown): number {
	const started = performance.now();
	action();
	return Math.round((performance.now() - started) / 10) / 100;
}

/** The default rubric plus copies of its checks under new ids, up to `count` checks. */
async function widenRubric(directory: string, count: number): Promise<string> {
	await cp(path.join(projectRoot, 'rubrics'), directory, { recursive: true });
	const checks = (await readdir(path.join(directory, 'checks'))).sort();
	for (let index = checks.length; index < count; index += 1) {
		const source = checks[index % checks.length]!;
		const id = `${source.replace(/\.yaml$/, '')}-copy-${index}`;
		const text = (await readFile(path.join(directory, 'checks', source), 'utf8')).replace(/^id: .*$/m, `id: ${id}`);
		await writeFile(path.join(directory, 'checks', `${id}.yaml`), text);
	}
	return directory;
}

/** The largest service page: KB as written and KB gzip-compressed (as a web server sends it). */
async function largestServicePage(directory: string, ids: readonly string[]): Promise<string> {
	let largest = { raw: 0, gzip: 0 };
	for (const id of ids) {
		if (id === 'index.html') continue;
		const content = await readFile(path.join(directory, id, 'index.html'));
		if (content.length > largest.raw) largest = { raw: content.length, gzip: gzipSync(content).length };
	}
	return `${Math.round(largest.raw / 1024)} KB (${Math.round(largest.gzip / 1024)} KB gzip)`;
}


/** Busy and total CPU seconds of the whole machine so far (/proc/stat), to tell what other processes took. */
function cpuTimes(): { busy: number; total: number } {
	try {
		const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
		const total = fields.reduce((sum, value) => sum + value, 0);
		const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
		return { busy: (total - idle) / 100, total: total / 100 };
	} catch {
		return { busy: 0, total: 0 };
	}
}

/** `days` daily snapshot files ending the day before the bench's date, each the build's snapshot with its date. */
async function seedHistory(root: string, days: number): Promise<void> {
	const current = await readFile(path.join(root, 'catalog', 'snapshot.json'), 'utf8');
	const directory = path.join(root, 'snapshots');
	await mkdir(directory, { recursive: true });
	console.error(`Seeding ${days} daily snapshots …`);
	for (let day = 1; day <= days; day += 1) {
		const date = new Date(Date.parse('2026-12-01T00:00:00Z') - day * 86_400_000).toISOString().slice(0, 10);
		await writeFile(path.join(directory, `${date}.json`), current.replace(/"date": "\d{4}-\d{2}-\d{2}"/, `"date": "${date}"`));
	}
}
