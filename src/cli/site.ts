// Renders the static site with Astro, in this process, from the report the CLI has just built: the
// pages read it through `src/lib/report/load-report.ts`, which this module hands it to.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { cp, link, mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import type { Logger } from '../../collectors/types.ts';
import { PACKAGE_ROOT } from '../lib/config/load.ts';
import { globby } from 'globby';
import path from 'node:path';
import { astroOptions } from '../lib/site/astro-options.ts';
import type { BuiltReport } from '../lib/report/build.ts';
import { handOverSiteData } from '../lib/report/load-report.ts';
import { DamagedPageCache, planServicePages, restoreServicePages, storeServicePages, type ServicePagePlan } from './page-cache.ts';
import { Report } from '../lib/report/schema.ts';
import { prepareAstroRoot } from './astro-root.ts';
import { levelBadge, servicesCsv } from '../lib/report/exports.ts';
import { mapLimited } from '../../catalog/io/map-limited.ts';
import { onInterrupt } from './interrupt.ts';
import { UsageError } from './pipeline.ts';
import { startSearchIndex } from './search-index.ts';
import { GUIDES_FOLDER } from '../lib/site/guides.ts';

const VITE_RESERVED_ENV = ['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'SITE', 'ASSETS_PREFIX'] as const;

export interface RenderOptions {
	outDir: string;
	base: string;
	/** Directory of Markdown/MDX guides. */
	guides: string;
	quiet?: boolean;
	/** Progress while rendering (pages written / pages expected). */
	log?: Logger;
	/** Shipshape's cache directory in the user's project (`.shipshape` by default); the build works in a temporary directory under it. */
	cacheDirectory: string;
	/** Runs on the finished staging directory (after search indexing) before it replaces `outDir`. */
	beforePublish?: (staging: string) => Promise<void>;
	/** Problems that do not stop the build (a damaged page-cache entry). */
	warn?: (message: string) => void;
	/** Reuse service pages an earlier build rendered from the same inputs (src/cli/page-cache.ts), and keep this build's. */
	pageCache?: boolean;
}

/** How many service pages were rendered and how many reused from the page cache. */
export interface RenderedSite {
	rendered: number;
	reused: number;
}

/**
 * Renders the site into a staging directory and only then replaces `outDir` (see replaceDirectory),
 * so a failed or killed build never leaves a half-built site behind. Everything Astro writes (its
 * root with `.astro/`, caches, the staging output) lives in one work directory under the user's
 * cache directory, never in Shipshape's own folder: an installed package may be read-only. The
 * site's sources are read from the package through `srcDir` and `publicDir`.
 */
export async function renderSite(built: BuiltReport, options: RenderOptions): Promise<RenderedSite> {
	try {
		return await renderOnce(built, options);
	} catch (error) {
		if (!(error instanceof DamagedPageCache)) throw error;
		// The damaged entries are gone: this attempt renders those pages (and keeps them again).
		options.warn?.(error.message);
		return renderOnce(built, options);
	}
}

async function renderOnce({ report, findings }: BuiltReport, { outDir, base, guides, quiet, cacheDirectory, log, beforePublish, pageCache = false }: RenderOptions): Promise<RenderedSite> {
	await mkdir(cacheDirectory, { recursive: true });
	const work = await mkdtemp(path.join(cacheDirectory, 'build-'));
	const staging = path.join(work, 'astro', 'dist');

	const userDirectory = process.cwd();
	settleSiteSwap(outDir);
	const release = onInterrupt(() => {
		rmSync(work, { recursive: true, force: true });
		settleSiteSwap(outDir);
	}, `${outDir} was left as it was`);
	try {
		// Pagefind indexes the report's records in its own process, on the other core, from here on:
		// while this one plans the page cache, validates the report for the pages and runs Astro.
		const search = await startSearchIndex(report, base, work);
		let plan: ServicePagePlan | null = null;
		try {
			plan = pageCache ? await planServicePages(report, findings, { cacheDirectory, base }) : null;
			// Validated here, as the pages' input: what they show is what the schema says, and the
			// exports (api/services.json, …) carry its fields, not whatever else a record holds.
			handOverSiteData({ report: Report.parse(report), findings, toRender: plan?.toRender ?? null });
			process.env.ASTRO_TELEMETRY_DISABLED = '1';
			process.env.ASTRO_DISABLE_UPDATE_CHECK = 'true';
			// Vite lets these environment variables override `import.meta.env`; a stray BASE_URL (Vitest
			// sets one, so can a CI) would silently break every link of a site served from a sub-path.
			for (const key of VITE_RESERVED_ENV) delete process.env[key];
			const { build } = await import('astro');
			const root = path.join(work, 'astro');
			await prepareAstroRoot(root, guides);
			process.chdir(root);
			const options = astroOptions();
			await renderWithAstro(() => build({
				...options,
				configFile: false,
				root,
				// Inside the root, so that the prerendered chunks resolve packages through its node_modules.
				outDir: staging,
				base,
				// A fresh cache per build, inside the work directory that is deleted after it.
				cacheDir: path.join(work, 'astro-cache'),
				vite: { ...options.vite, cacheDir: path.join(work, 'vite-cache') },
				logLevel: process.env.SHIPSHAPE_ASTRO_LOG === 'info' ? 'info' : quiet ? 'error' : 'warn',
				mode: 'production',
			}), { staging, guides: { folder: guides, root }, progress: log === undefined || quiet ? null : { log, total: (await expectedPages(report, guides)) - (plan?.entries.size ?? 0) } });
			await rm(path.join(staging, '.prerender'), { recursive: true, force: true });
			// Pagefind finishes its index in its own process while this one writes the other files.
			await settleAll([
				search.finish(staging),
				(async () => {
					await writeBadges(staging, report);
					await writeServicesCsv(staging, report, findings);
					if (plan !== null) await restoreServicePages(plan, report, staging);
					if (plan !== null) await storeServicePages(plan, staging);
				})(),
			]);
		} finally {
			await search.close();
		}
		await beforePublish?.(staging);
		await replaceDirectory(staging, outDir);
		return { rendered: plan?.toRender.length ?? report.services.length, reused: plan?.entries.size ?? 0 };
	} finally {
		handOverSiteData(undefined);
		release();
		process.chdir(userDirectory);
		await rm(work, { recursive: true, force: true });
	}
}

/** Astro's build, with page-count progress when asked for and its errors said in Shipshape's terms. */
async function renderWithAstro(run: () => Promise<void>, { staging, guides, progress }: { staging: string; guides: GuidesCopy; progress: { log: Logger; total: number } | null }): Promise<void> {
	const tracking = progress === null ? null : await trackPages(staging, progress.total, progress.log);
	try {
		await run();
	} catch (error) {
		throw siteBuildError(error, guides);
	} finally {
		await tracking?.stop();
	}
}

/** Waits for every task, then fails with the first failure: none is left running behind an error. */
async function settleAll(tasks: readonly Promise<unknown>[]): Promise<void> {
	const failed = (await Promise.allSettled(tasks)).find((outcome) => outcome.status === 'rejected');
	if (failed !== undefined) throw failed.reason;
}

/**
 * Each service's level badge, `badges/<id>.svg`, for READMEs and dashboards. A badge is a function
 * of the level alone, so it is written here: as thousands of Astro endpoints it cost about 2 s of
 * every build at 5,000 services. Each distinct badge is written once and the other services' files
 * are hard links to it (writing 5,000 small files took 0.5 to 2.5 s on an ext4 disk beside
 * Pagefind's writes, linking them 0.1 s); a copy is written where the file system cannot link.
 */
async function writeBadges(siteDirectory: string, report: Report): Promise<void> {
	const directory = path.join(siteDirectory, 'badges');
	await mkdir(directory, { recursive: true });
	const written = new Map<string, string>();
	const links: { file: string; badge: string; source: string }[] = [];
	for (const service of report.services) {
		const badge = levelBadge(service.level);
		const file = path.join(directory, `${service.id}.svg`);
		const source = written.get(badge);
		if (source === undefined) {
			await writeFile(file, badge);
			written.set(badge, file);
		} else links.push({ file, badge, source });
	}
	await mapLimited(links, 16, ({ file, badge, source }) => link(source, file).catch(() => writeFile(file, badge)));
}

/**
 * `api/services.csv`, a row per service and a column per check, from the findings scoring has in
 * memory: as an Astro endpoint it parsed every service's findings again (1.3 s at 20,000 services,
 * in incremental builds too).
 */
async function writeServicesCsv(siteDirectory: string, report: Report, findings: BuiltReport['findings']): Promise<void> {
	const outcomes = new Map(findings.map((entry) => [entry.id, new Map(entry.findings.map((finding) => [finding.checkId, finding.outcome]))]));
	await mkdir(path.join(siteDirectory, 'api'), { recursive: true });
	await writeFile(path.join(siteDirectory, 'api', 'services.csv'), servicesCsv(report, (service) => outcomes.get(service.id) ?? new Map()));
}

/** HTML pages the build will write: one per service, team, check and guide, plus the fixed pages. */
async function expectedPages(report: Report, guides: string): Promise<number> {
	const guideCount = (await globby('**/*.{md,mdx}', { cwd: guides }).catch(() => [] as string[])).length;
	const fixedPages = (await globby('**/*.astro', { cwd: path.join(PACKAGE_ROOT, 'src/pages'), ignore: ['**/\\[*'] })).length;
	return report.services.length + report.teams.length + report.checks.length + guideCount + fixedPages;
}

/**
 * Counts the pages Astro has written so far; `stop` reports the final count. Counting walks the
 * whole output, which takes a while at tens of thousands of pages: one count at a time, and the
 * next a second later or four times as long as the last took, so that it stays a small share of
 * the build (counting every second, overlapping, took 6.5 s of a 79 s build at 20,000 services).
 */
async function trackPages(directory: string, total: number, log: Logger): Promise<{ stop(): Promise<void> }> {
	const count = async () => (await readdir(directory, { recursive: true }).catch(() => [] as string[])).filter((file) => file.endsWith('.html')).length;
	log.progress('Rendering pages', 0, total);
	let timer: NodeJS.Timeout | undefined;
	let stopped = false;
	const schedule = (delay: number) => {
		timer = setTimeout(async () => {
			const started = performance.now();
			const done = await count();
			if (stopped) return;
			log.progress('Rendering pages', Math.min(done, total - 1), total);
			schedule(Math.max(1000, 4 * (performance.now() - started)));
		}, delay);
	};
	schedule(1000);
	return {
		async stop() {
			stopped = true;
			clearTimeout(timer);
			const done = await count();
			log.progress('Rendering pages', done, Math.max(done, total));
		},
	};
}

/** The user's guides folder, and the Astro root the build copied it into. */
interface GuidesCopy {
	folder: string;
	root: string;
}

/**
 * Astro's build errors open with "Build failed with 1 error:" and bury the file and reason below.
 * A guide that does not compile is the user's input (exit 2, naming the file in the user's guides
 * folder, not in the build's copy of it); anything else is ours.
 */
function siteBuildError(error: unknown, guides: GuidesCopy): Error {
	const lines = (error instanceof Error ? error.message : String(error))
		.split('\n')
		.map((line) => line.replace(/^\[plugin [^\]]+\]\s*/, '').trim())
		.filter((line) => line !== '' && !/^Build failed with \d+ errors?:?$/.test(line));
	// The compiler names the copy by its absolute path, src/lib/site/guides.ts by its path in the
	// root: both become the path in the user's folder.
	const detail = lines
		.slice(0, 2)
		.join(': ')
		.replace(/^(\S+:\d+:\d+): \w*Error: \d+:\d+: /, '$1: ')
		.replaceAll(`${guides.root}/${GUIDES_FOLDER}/`, `${GUIDES_FOLDER}/`)
		.replaceAll(`${GUIDES_FOLDER}/`, `${guides.folder}${path.sep}`);
	if (detail.includes(`${guides.folder}${path.sep}`)) return new UsageError(`a guide could not be compiled: ${detail}. Fix the file; the site was left as it was.`);
	return new Error(`the site could not be built: ${detail}; the site was left as it was`, { cause: error });
}

/**
 * Puts the finished site in place of `target` with two renames next to it (same file system), after
 * the new copy is complete: a build killed at any moment leaves the old site or the new one. The one
 * instant between the renames is repaired by `settleSiteSwap` at the start of the next build.
 */
async function replaceDirectory(source: string, target: string): Promise<void> {
	const { incoming, outgoing } = swapPaths(target);
	settleSiteSwap(target);
	await mkdir(path.dirname(target), { recursive: true });
	await rm(incoming, { recursive: true, force: true });
	try {
		await rename(source, incoming);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
		await cp(source, incoming, { recursive: true });
	}
	if (existsSync(target)) renameSync(target, outgoing);
	renameSync(incoming, target);
	// The new site is in place; the old one goes (asynchronously: thousands of files, several at once).
	await rm(outgoing, { recursive: true, force: true });
}

function swapPaths(target: string): { incoming: string; outgoing: string } {
	const name = path.basename(target);
	return { incoming: path.join(path.dirname(target), `.${name}.shipshape-incoming`), outgoing: path.join(path.dirname(target), `.${name}.shipshape-outgoing`) };
}

/**
 * Repairs what a killed swap left next to `target`: without `target`, a complete incoming copy (it
 * is renamed only once complete) is promoted, else the outgoing old site is put back; with `target`,
 * leftovers are deleted. Synchronous, so that a signal handler can call it.
 */
export function settleSiteSwap(target: string): void {
	const { incoming, outgoing } = swapPaths(target);
	if (!existsSync(target)) {
		if (existsSync(incoming) && existsSync(outgoing)) renameSync(incoming, target);
		else if (existsSync(outgoing)) renameSync(outgoing, target);
	}
	rmSync(incoming, { recursive: true, force: true });
	rmSync(outgoing, { recursive: true, force: true });
}
