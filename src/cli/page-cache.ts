// The incremental build: a service page rendered by an earlier build is reused when nothing it shows
// has changed, so a scheduled build after one descriptor edit renders one service page, not all.
//
// A page's key is a SHA-256 of: the site's code (siteCodeDigest: the sources Astro builds from and
// the installed versions of the packages they use), the base path, what every service page shows
// from the report as a whole (servicePageSiteInputs: checks, levels, widgets, layout), and the
// page's own inputs (its record, its findings and servicePageContext). A change to the rubric, the
// layout or the site code changes every key, so everything renders again.
//
// Pages are kept as `<cache>/pages/services/<key>.html`, written whole under a temporary name and
// renamed, so an interrupted build leaves complete entries or none; a key names its content, so an
// entry can never be read for other inputs. The parts that change while a page's inputs do not (the
// build's timestamp, the service's trend: src/lib/site/page-slots.ts) are emptied in the cached copy
// and filled in again when it is reused, with the functions the pages themselves use: the result is
// byte-identical to a full build's (test/cli/incremental-build.test.ts).
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Report, ReportService, ServiceFindings } from '../lib/report/schema.ts';
import { generatedAtHtml, serviceTrendProps, SLOTS, trendChartHtml, type SlotName } from '../lib/site/page-slots.ts';
import { servicePageContext, servicePageSiteInputs } from '../lib/site/service-page.ts';
import { siteCodeDigest } from './astro-root.ts';
import { mapLimited } from '../../catalog/io/map-limited.ts';

/** Files read or written at once: thousands of small pages, without thousands of open descriptors. */
const FILES_AT_ONCE = 16;

export interface ServicePagePlan {
	/** Where cached service pages live. */
	directory: string;
	/** Every service's page key. */
	keys: Map<string, string>;
	/** Services whose page comes from the cache. */
	reused: string[];
	/** Services whose page Astro renders. */
	toRender: string[];
}

/** The cache's own directory under Shipshape's cache directory (`.shipshape/pages/` by default). */
export function pageCacheDirectory(cacheDirectory: string): string {
	return path.join(cacheDirectory, 'pages', 'services');
}

/** Which service pages can be reused from the cache and which must be rendered. */
export async function planServicePages(report: Report, findings: readonly ServiceFindings[], { cacheDirectory, base }: { cacheDirectory: string; base: string }): Promise<ServicePagePlan> {
	const directory = pageCacheDirectory(cacheDirectory);
	const site = createHash('sha256').update(await siteCodeDigest()).update('\0').update(base).update('\0').update(JSON.stringify(servicePageSiteInputs(report))).digest('hex');
	const findingsOf = new Map(findings.map((entry) => [entry.id, entry.findings]));
	const keys = new Map<string, string>();
	for (const service of report.services) {
		const inputs = JSON.stringify({ service, findings: findingsOf.get(service.id) ?? [], context: servicePageContext(report, service) });
		keys.set(service.id, createHash('sha256').update(site).update('\0').update(inputs).digest('hex'));
	}
	const cached = new Set(await readdir(directory).catch(() => [] as string[]));
	const reused: string[] = [];
	const toRender: string[] = [];
	for (const [id, key] of keys) (cached.has(`${key}.html`) ? reused : toRender).push(id);
	return { directory, keys, reused, toRender };
}

/** A reused page whose cached copy is not what this cache writes: the build renders again without it. */
export class DamagedPageCache extends Error {}

/**
 * Writes each reused page into the built site, its slots filled for this build. An entry without
 * its slots (edited by hand) is deleted and reported by DamagedPageCache, so the next attempt
 * renders that page.
 */
export async function restoreServicePages(plan: ServicePagePlan, report: Report, siteDirectory: string): Promise<void> {
	const byId = new Map(report.services.map((service) => [service.id, service]));
	const damaged: string[] = [];
	await mapLimited(plan.reused, FILES_AT_ONCE, async (id) => {
		const entry = path.join(plan.directory, `${plan.keys.get(id)}.html`);
		const page = fillSlots(await readFile(entry, 'utf8'), slotContents(report, byId.get(id)!));
		if (page === null) {
			damaged.push(entry);
			await rm(entry, { force: true });
			return;
		}
		await mkdir(path.join(siteDirectory, 'services', id), { recursive: true });
		await writeFile(path.join(siteDirectory, 'services', id, 'index.html'), page);
	});
	if (damaged.length > 0) throw new DamagedPageCache(`${damaged.length} cached page${damaged.length === 1 ? '' : 's'} in ${plan.directory} had no slots for the build's timestamp and trend (${path.basename(damaged.sort()[0]!)}${damaged.length > 1 ? ', …' : ''}); deleted them and rendering again`);
}

/**
 * Keeps the pages Astro just rendered, their slots emptied, and deletes entries no service of this
 * build has (they would never be read again).
 */
export async function storeServicePages(plan: ServicePagePlan, siteDirectory: string): Promise<void> {
	await mkdir(plan.directory, { recursive: true });
	await mapLimited(plan.toRender, FILES_AT_ONCE, async (id) => {
		const page = emptySlots(await readFile(path.join(siteDirectory, 'services', id, 'index.html'), 'utf8'));
		if (page === null) return; // A page without its slots (never expected) is simply not cached.
		const entry = path.join(plan.directory, `${plan.keys.get(id)}.html`);
		const temporary = `${entry}.${process.pid}.tmp`;
		await writeFile(temporary, page);
		await rename(temporary, entry);
	});
	const current = new Set([...plan.keys.values()].map((key) => `${key}.html`));
	for (const name of await readdir(plan.directory)) {
		if (!current.has(name)) await rm(path.join(plan.directory, name), { force: true });
	}
}

/** What each slot of a service page holds in this build. */
function slotContents(report: Report, service: ReportService): Record<SlotName, string> {
	return { generatedAt: generatedAtHtml(report.generatedAt), serviceTrend: trendChartHtml(serviceTrendProps(report, service)) };
}

/** The page with every slot's content replaced; null unless each slot's markers occur exactly once. */
function replaceSlots(page: string, content: (name: SlotName) => string): string | null {
	let result = page;
	for (const name of Object.keys(SLOTS) as SlotName[]) {
		const { start, end } = SLOTS[name];
		const from = result.indexOf(start);
		const to = result.indexOf(end, from);
		if (from === -1 || to === -1 || result.indexOf(start, from + 1) !== -1 || result.indexOf(end, to + 1) !== -1) return null;
		result = `${result.slice(0, from + start.length)}${content(name)}${result.slice(to)}`;
	}
	return result;
}

function emptySlots(page: string): string | null {
	return replaceSlots(page, () => '');
}

function fillSlots(cached: string, contents: Record<SlotName, string>): string | null {
	return replaceSlots(cached, (name) => contents[name]);
}
