// Pagefind's static search index and UI, written into the site so search works offline. Service,
// team, check, system and domain pages (thousands, each a long table) are indexed from the report as
// custom records: parsing their HTML took as long as rendering them. Every other page is indexed
// from its HTML once Astro has written it.
//
// They are two indexes, which the search page merges (Pagefind's `mergeIndex`): the records'
// (`pagefind-records/`) needs only the report, so Pagefind indexes and writes it in its own process,
// on the other core, while Astro renders on this one. Writing its thousands of files took 2 to 6 s
// after Astro at 5,000 services, when one index held everything; the pages' index (`pagefind/`,
// tens of pages) is what remains after Astro.
import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { globby } from 'globby';
import type { Report, ReportService } from '../lib/report/schema.ts';
import { PAGES_INDEX, RECORDS_INDEX } from '../lib/site/search-indexes.ts';

/** An index being built: `finish` adds the site's other pages and writes it; `close` always runs. */
export interface SearchIndexing {
	finish(siteDirectory: string): Promise<void>;
	close(): Promise<void>;
}

/**
 * Starts Pagefind and has it index and write the report's records into `scratch` (a new folder
 * beside the site, on its file system), without waiting for them.
 */
export async function startSearchIndex(report: Report, base: string, scratch: string): Promise<SearchIndexing> {
	const pagefind = await import('pagefind');
	const newIndex = async () => {
		const { index, errors } = await pagefind.createIndex({});
		if (index === undefined) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
		return index;
	};
	const recordsIndex = await newIndex().catch(async (error: unknown) => {
		await pagefind.close();
		throw error;
	});
	const recordsOutput = path.join(scratch, RECORDS_INDEX);
	// Each result says what it is (its title starts with its type, and the UI filters by type); the
	// text is sentences, so snippets read as words rather than table cells run together.
	const records = (async () => {
		await inBatches(searchRecords(report, base), async (record) => {
			const added = await recordsIndex.addCustomRecord({ url: record.url, content: record.content, language: 'en', meta: { title: `${record.type}: ${record.title}` }, filters: { type: [record.type] } });
			if (added.errors.length > 0) throw new Error(`Pagefind could not index ${record.url}: ${added.errors.join('; ')}`);
		});
		await writeIndex(recordsIndex, recordsOutput);
	})();
	// Awaited by finish; until then a failure must not count as unhandled (Astro may still be running).
	records.catch(() => {});
	return {
		async finish(siteDirectory) {
			const pagesIndex = await newIndex();
			const pages = await globby('**/*.html', { cwd: siteDirectory, ignore: [...RECORD_PAGES, 'reports/**', `${PAGES_INDEX}/**`, `${RECORDS_INDEX}/**`] });
			const contents = await Promise.all(pages.sort().map(async (page) => ({ page, html: markPageType(await readFile(path.join(siteDirectory, page), 'utf8'), page) })));
			await inBatches(contents, async ({ page, html }) => {
				const added = await pagesIndex.addHTMLFile({ sourcePath: page, content: html });
				if (added.errors.length > 0) throw new Error(`Pagefind could not index ${page}: ${added.errors.join('; ')}`);
			});
			await writeIndex(pagesIndex, path.join(siteDirectory, PAGES_INDEX));
			await records;
			await rename(recordsOutput, path.join(siteDirectory, RECORDS_INDEX));
		},
		async close() {
			// Closing fails the requests still waiting, so the records stop at their current batch.
			await pagefind.close();
			await records.catch(() => {});
		},
	};
}

async function writeIndex(index: { writeFiles(options: { outputPath: string }): Promise<{ errors: string[] }> }, outputPath: string): Promise<void> {
	const written = await index.writeFiles({ outputPath });
	if (written.errors.length > 0) throw new Error(`Pagefind could not write its index to ${outputPath}: ${written.errors.join('; ')}`);
}

/**
 * Starts `task` for every item of a batch in order, then waits for the batch: requests leave in
 * order, without one request at a time leaving both sides idle most of the time.
 */
async function inBatches<T>(items: readonly T[], task: (item: T) => Promise<void>, size = 256): Promise<void> {
	for (let start = 0; start < items.length; start += size) await Promise.all(items.slice(start, start + size).map(task));
}

/** Pages indexed from the report as records, not from their HTML. */
const RECORD_PAGES = ['services/*/index.html', 'teams/*/index.html', 'checks/*/index.html', 'systems/*/index.html', 'domains/*/index.html'];

interface SearchRecord {
	type: 'Service' | 'Team' | 'Check' | 'System' | 'Domain';
	title: string;
	url: string;
	content: string;
}

function searchRecords(report: Report, base: string): SearchRecord[] {
	const checkNames = new Map(report.checks.map((check) => [check.id, check.name]));
	const sentences = (parts: readonly (string | null | false)[]) => parts.filter((part): part is string => typeof part === 'string' && part !== '').map((part) => (/[.!?]$/.test(part) ? part : `${part}.`)).join(' ');
	return [
		...report.services.map((service) => ({ type: 'Service' as const, title: service.name, url: `${base}services/${service.id}/`, content: serviceSearchText(service, checkNames) })),
		...report.teams.map((team) => ({ type: 'Team' as const, title: team.name, url: `${base}teams/${team.id}/`, content: sentences([team.name, team.description, `${team.serviceCount} services, mean score ${team.score}`, team.services.length > 0 && `Services: ${team.services.join(', ')}`]) })),
		...report.checks.map((check) => ({ type: 'Check' as const, title: check.name, url: `${base}checks/${check.id}/`, content: sentences([check.name, check.id, check.question, `${check.level} level, ${check.category}`, check.description, `Fix: ${check.remediation}`]) })),
		...report.systems.map((system) => ({ type: 'System' as const, title: system.name, url: `${base}systems/${system.id}/`, content: sentences([system.name, system.description, system.owner && `Owner: ${system.owner}`, system.services.length > 0 && `Services: ${system.services.join(', ')}`]) })),
		...report.domains.map((domain) => ({ type: 'Domain' as const, title: domain.name, url: `${base}domains/${domain.id}/`, content: sentences([domain.name, domain.description, domain.owner && `Owner: ${domain.owner}`, domain.systems.length > 0 && `Systems: ${domain.systems.join(', ')}`]) })),
	];
}

/** Other pages say their type too: a guide, or a page of the site. */
function markPageType(html: string, page: string): string {
	const type = page.startsWith('guides/') && page !== 'guides/index.html' ? 'Guide' : 'Page';
	const heading = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1]?.replace(/<[^>]+>/g, '').replace(/["&<>,]/g, ' ').replace(/\s+/g, ' ').trim();
	const typed = html.replace(/<main([^>]*)data-pagefind-body/, `<main$1data-pagefind-body data-pagefind-filter="type:${type}"`);
	return heading === undefined || heading === '' ? typed : typed.replace(/<h1([^>]*)>/, `<h1$1 data-pagefind-meta="title:${type}: ${heading}">`);
}

/** What a service page says that people search for: name, description, owners, tags, failing checks. */
function serviceSearchText(service: ReportService, checkNames: ReadonlyMap<string, string>): string {
	return [
		service.name,
		service.id,
		service.description ?? '',
		...service.aliases,
		service.owner ? `Owner: ${service.owner}` : 'Unowned',
		service.language ?? '',
		service.lifecycle ?? '',
		...service.tags,
		`Level: ${service.level ?? 'none'}`,
		...service.failing.map((id) => `Fails: ${checkNames.get(id) ?? id}`),
	]
		.filter((part) => part !== '')
		.join('. ');
}
