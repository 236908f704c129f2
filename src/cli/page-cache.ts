// The incremental build: a service page rendered by an earlier build is reused when nothing it shows
// has changed, so a scheduled build after one descriptor edit renders one service page, not all.
//
// A page's key is a SHA-256 of: the site's code (siteCodeDigest: the sources Astro builds from and
// the installed versions of the packages they use), the base path, what every service page shows
// from the report as a whole (servicePageSiteInputs: checks, levels, widgets, layout), and the
// page's own inputs (its record, its findings and servicePageContext). A change to the rubric, the
// layout or the site code changes every key, so everything renders again.
//
// Pages are kept as `<cache>/pages/services/<key>.<content>.html`. The entry is a hard link to the
// page Astro wrote: writing 5,000 pages a second time cost 1 to 4 s of a 5,000-service build on an
// ext4 disk, linking them 0.1 s (a copy is written where the file system cannot link). Because the
// entry and the published page are then one file, a page edited in place after the build (a script
// adding an analytics tag, say) edits the entry too: `<content>` is a SHA-256 of the page with its
// slots emptied, checked when the entry is read, so such an entry is deleted and rendered again,
// never reused. A key names its inputs and `<content>` its bytes, so an entry can never be read for
// other inputs. The parts that change while a page's inputs do not (the build's timestamp, the
// service's trend: src/lib/site/page-slots.ts) are filled in again when it is reused, with the
// functions the pages themselves use: the result is byte-identical to a full build's
// (test/cli/incremental-build.test.ts).
import { createHash } from 'node:crypto';
import { link, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Report, ReportService, ServiceFindings } from '../lib/report/schema.ts';
import { generatedAtHtml, serviceTrendProps, SLOTS, trendChartHtml, type SlotName } from '../lib/site/page-slots.ts';
import { servicePageContext, servicePageSiteInputs } from '../lib/site/service-page.ts';
import { siteCodeDigest } from './astro-root.ts';
import { mapLimited } from '../../catalog/io/map-limited.ts';
import { writeWhole } from '../../catalog/io/write-whole.ts';

/** Files read or written at once: thousands of small pages, without thousands of open descriptors. */
const FILES_AT_ONCE = 16;

export interface ServicePagePlan {
	/** Where cached service pages live. */
	directory: string;
	/** Every service's page key. */
	keys: Map<string, string>;
	/** Services whose page comes from the cache, with their entry's file name. */
	entries: Map<string, string>;
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
	const cached = new Map<string, string>();
	for (const name of await readdir(directory).catch(() => [] as string[])) {
		const parsed = ENTRY_NAME.exec(name);
		if (parsed !== null) cached.set(parsed[1]!, name);
	}
	const entries = new Map<string, string>();
	const toRender: string[] = [];
	for (const [id, key] of keys) {
		const entry = cached.get(key);
		if (entry === undefined) toRender.push(id);
		else entries.set(id, entry);
	}
	return { directory, keys, entries, toRender };
}

/** Entry names as entryName writes them; anything else in the directory (an older cache's `<key>.html`) is never read, and deleted. */
const ENTRY_NAME = /^([0-9a-f]{64})\.[0-9a-f]{64}\.html$/;

/** `<key>.<content>.html`, where `<content>` is a SHA-256 of the page with its slots emptied. */
function entryName(key: string, page: SlottedPage): string {
	const digest = createHash('sha256');
	for (const piece of page.outside) digest.update(piece);
	return `${key}.${digest.digest('hex')}.html`;
}

/** A reused page whose cached copy is not what this cache writes: the build renders again without it. */
export class DamagedPageCache extends Error {}

/**
 * Writes each reused page into the built site, its slots filled for this build. An entry that is
 * not what was kept (without its slots, or changed since: edited by hand or through the published
 * page it is linked to) is deleted and reported by DamagedPageCache, so the next attempt renders
 * that page.
 */
export async function restoreServicePages(plan: ServicePagePlan, report: Report, siteDirectory: string): Promise<void> {
	const byId = new Map(report.services.map((service) => [service.id, service]));
	const damaged: string[] = [];
	await mkdir(path.join(siteDirectory, 'services'), { recursive: true });
	await mapLimited([...plan.entries], FILES_AT_ONCE, async ([id, name]) => {
		const entry = path.join(plan.directory, name);
		const cached = slottedPage(await readFile(entry));
		if (cached === null || entryName(plan.keys.get(id)!, cached) !== name) {
			damaged.push(entry);
			await rm(entry, { force: true });
			return;
		}
		await mkdir(path.join(siteDirectory, 'services', id));
		await writeFile(path.join(siteDirectory, 'services', id, 'index.html'), filledPage(cached, slotContents(report, byId.get(id)!)));
	});
	if (damaged.length > 0) throw new DamagedPageCache(`${damaged.length} cached page${damaged.length === 1 ? '' : 's'} in ${plan.directory} had changed since they were kept (${path.basename(damaged.sort()[0]!)}${damaged.length > 1 ? ', …' : ''}); deleted them and rendering again`);
}

/**
 * Keeps the pages Astro just rendered (linked, or copied where the file system cannot link), and
 * deletes entries no service of this build has (they would never be read again).
 */
export async function storeServicePages(plan: ServicePagePlan, siteDirectory: string): Promise<void> {
	await mkdir(plan.directory, { recursive: true });
	const current = new Set(plan.entries.values());
	await mapLimited(plan.toRender, FILES_AT_ONCE, async (id) => {
		const published = path.join(siteDirectory, 'services', id, 'index.html');
		const page = await readFile(published);
		const slotted = slottedPage(page);
		if (slotted === null) return; // A page without its slots (never expected) is simply not cached.
		const name = entryName(plan.keys.get(id)!, slotted);
		current.add(name);
		await keepEntry(published, path.join(plan.directory, name), page);
	});
	for (const name of await readdir(plan.directory)) {
		if (!current.has(name)) await rm(path.join(plan.directory, name), { force: true });
	}
}

/**
 * The entry as a hard link to the published page; a copy written under a temporary name and renamed
 * where the two cannot be linked (another file system, one without links), so that an interrupted
 * build leaves complete entries or none. An entry already there has these bytes: its name says so.
 */
async function keepEntry(published: string, entry: string, page: Buffer): Promise<void> {
	try {
		await link(published, entry);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') await writeWhole(entry, page);
	}
}

/** What each slot of a service page holds in this build. */
function slotContents(report: Report, service: ReportService): Record<SlotName, string> {
	return { generatedAt: generatedAtHtml(report.generatedAt), serviceTrend: trendChartHtml(serviceTrendProps(report, service)) };
}

/**
 * A page as the bytes outside its slots, in page order (each piece ends with a slot's start marker
 * or begins with its end marker), and the slot between each two pieces. Joined, the pieces are the
 * page with its slots emptied. Worked on as bytes, not text: decoding and encoding 5,000 pages of
 * 31 KB cost about half a second of every incremental build. The markers are ASCII, so no piece
 * splits a character.
 */
interface SlottedPage {
	outside: Buffer[];
	slots: SlotName[];
}

const MARKERS = Object.fromEntries(Object.entries(SLOTS).map(([name, { start, end }]) => [name, { start: Buffer.from(start), end: Buffer.from(end) }])) as Record<SlotName, { start: Buffer; end: Buffer }>;

/** The page split around its slots; null unless each slot's markers occur exactly once, in order, without overlapping. */
function slottedPage(page: Buffer): SlottedPage | null {
	const found: { name: SlotName; from: number; to: number }[] = [];
	for (const name of Object.keys(MARKERS) as SlotName[]) {
		const { start, end } = MARKERS[name];
		const at = page.indexOf(start);
		const from = at + start.length;
		const to = at === -1 ? -1 : page.indexOf(end, from);
		if (at === -1 || to === -1 || page.indexOf(start, at + 1) !== -1 || page.indexOf(end, to + 1) !== -1) return null;
		found.push({ name, from, to });
	}
	found.sort((a, b) => a.from - b.from);
	const outside: Buffer[] = [];
	let position = 0;
	for (const { from, to } of found) {
		if (from < position) return null;
		outside.push(page.subarray(position, from));
		position = to;
	}
	outside.push(page.subarray(position));
	return { outside, slots: found.map(({ name }) => name) };
}

/** The page with each slot holding this build's content. */
function filledPage({ outside, slots }: SlottedPage, contents: Record<SlotName, string>): Buffer {
	return Buffer.concat(outside.flatMap((piece, index) => (index < slots.length ? [piece, Buffer.from(contents[slots[index]!])] : [piece])));
}
