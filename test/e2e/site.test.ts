// The built sample site in a real headless Chromium (Debian's, driven by playwright-core): pages
// load without console errors, charts draw, search and filtering work, axe finds no serious or
// critical violations, and screenshots are left in test-results/screenshots for reviewers.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDirectory } from '../support/static-server.ts';
import { PROJECT_ROOT, tempDirectory } from '../support/temp.ts';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((candidate) => existsSync(candidate)) ?? whichChromium();
const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-results/screenshots');
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

const PAGES = [
	['overview', '/'],
	['services', '/services/'],
	['service', '/services/payments-api/'],
	['team', '/teams/payments/'],
	['leaderboard', '/leaderboard/'],
	['check', '/checks/has-owner/'],
	['discovery', '/discovery/'],
	['guide', '/guides/policy/'],
	['search', '/search/'],
	['goals', '/goals/'],
	['campaigns', '/campaigns/'],
	['waivers', '/waivers/'],
	['reports', '/reports/'],
	['collectors', '/collectors/'],
	['collector', '/collectors/k8s-manifests/'],
	['systems', '/systems/'],
	['system', '/systems/payments/'],
	['domains', '/domains/'],
	['domain', '/domains/commerce/'],
	['quality', '/quality/'],
	['inferred service', '/services/reports/'],
	['digest', '/digest/'],
	['map', '/map/'],
	['team digest', '/digest/teams/fulfilment/'],
] as const;

function whichChromium(): string | undefined {
	try {
		return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim() || undefined;
	} catch {
		return undefined;
	}
}

const AXE_FILE = 'axe-for-tests.js';

// CI installs Debian's chromium (.ci/run); a developer machine without it skips, CI never does.
describe.skipIf(CHROMIUM === undefined && process.env.CI !== 'true')('the site in a real browser', () => {
	let browser: Browser;
	let server: { url: string; close(): Promise<void> };

	beforeAll(async () => {
		const work = await tempDirectory('e2e-');
		const out = path.join(work, 'site');
		const built = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'src/cli/shipshape.mjs'), 'build', '--out', out, '--now', '2026-12-01T00:00:00Z', '--quiet'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
		if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
		// axe is served from the site's own origin: the pages' CSP refuses inline scripts, and the test
		// must not bypass the CSP, since a violation by the site's own code has to show as an error.
		await writeFile(path.join(out, AXE_FILE), await readFile(path.join(PROJECT_ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
		server = await serveDirectory(out);
		browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
		await mkdir(SCREENSHOTS, { recursive: true });
	}, 180_000);

	afterAll(async () => {
		await browser?.close();
		await server?.close();
	});

	async function open(url: string, viewport = { width: 1280, height: 900 }): Promise<{ page: Page; errors: string[] }> {
		const page = await browser.newPage({ viewport });
		const errors: string[] = [];
		page.on('console', (message) => {
			if (message.type() === 'error') errors.push(message.text());
		});
		page.on('pageerror', (error) => errors.push(error.message));
		const response = await page.goto(`${server.url}${url}`, { waitUntil: 'load' });
		expect(response?.status()).toBe(200);
		return { page, errors };
	}

	it.each(PAGES)('%s page loads without console errors and passes axe (no serious or critical violations)', async (_name, url) => {
		const { page, errors } = await open(url);
		await page.waitForLoadState('networkidle');

		await page.addScriptTag({ url: `/${AXE_FILE}` });
		const violations = await page.evaluate(async () => {
			const result = await (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run(document, { resultTypes: ['violations'] });
			return result.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id} (${violation.nodes.length})`);
		});

		expect(errors).toEqual([]);
		expect(violations).toEqual([]);
		await page.close();
	});

	// No page scrolls sideways: on a phone wide tables scroll inside their own box and the navigation
	// collapses into a menu; each page type is screenshotted at both widths for reviewers.
	it.each(PAGES)('%s page fits a 390 px phone and a 1366 px desktop without scrolling sideways', async (name, url) => {
		for (const [width, height, label] of [[390, 844, 'phone'], [1366, 768, 'desktop']] as const) {
			const { page } = await open(url, { width, height });
			await page.waitForLoadState('networkidle');
			const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
			expect(scrollWidth, `${url} at ${width} px`).toBeLessThanOrEqual(innerWidth);
			await page.screenshot({ path: path.join(SCREENSHOTS, `${name.replace(/\s+/g, '-')}-${label}.png`), fullPage: true });
			await page.close();
		}
	});

	it('collapses the navigation into a menu on a phone, with touch targets of at least 24 px', async () => {
		const { page } = await open('/', { width: 390, height: 844 });
		expect(await page.isVisible('.wide-nav')).toBe(false);
		await page.click('.narrow-nav summary');
		const sizes = await page.$$eval('.narrow-nav a', (links) => links.map((link) => link.getBoundingClientRect()).map(({ width, height }) => Math.min(width, height)));
		expect(sizes.length).toBeGreaterThan(10);
		expect(Math.min(...sizes)).toBeGreaterThanOrEqual(24);
		await page.close();
	});

	it('shows the level shares, the changes since the previous build, the goals and the lagging teams on the overview\'s first screen', async () => {
		for (const viewport of [{ width: 1366, height: 768 }, { width: 390, height: 844 }]) {
			const { page } = await open('/', viewport);
			const tops = await page.evaluate(() => Object.fromEntries(['level-shares', 'since-previous', 'goals-progress', 'lagging'].map((id) => [id, document.getElementById(id)!.getBoundingClientRect().top])));
			expect(tops['level-shares'], `${viewport.width} px`).toBeLessThan(viewport.height);
			expect(tops['since-previous'], `${viewport.width} px`).toBeLessThan(viewport.height);
			if (viewport.width > 1000) {
				expect(tops['goals-progress']).toBeLessThan(viewport.height);
				expect(tops.lagging).toBeLessThan(viewport.height);
			}
			expect(await page.textContent('.share-legend')).toMatch(/None 2 \(22%\).*Gold 3 \(33%\)/s);
			expect(await page.$$eval('.moves a', (links) => links.map((link) => link.getAttribute('href')))).toEqual(['/services/image-resizer/']);
			await page.close();
		}
	});

	it('draws dependency pictures as accessible SVG: a service\'s neighbourhood and the map by team and system', async () => {
		for (const [url, expected] of [['/services/checkout-web/', ['/services/notifications/', '/services/payments-api/', '/services/checkout-web/']], ['/map/', ['/teams/storefront/', '/teams/payments/', '/systems/shop/']]] as const) {
			const { page } = await open(url);
			const graphs = await page.$$eval('.dependency-graph svg', (svgs) => svgs.map((svg) => ({ title: svg.querySelector('title')?.textContent ?? '', desc: svg.querySelector('desc')?.textContent ?? '', labelledBy: svg.getAttribute('aria-labelledby'), links: [...svg.querySelectorAll('a')].map((anchor) => anchor.getAttribute('href')), arrows: svg.querySelectorAll('.edge path').length })));
			expect(graphs.length, url).toBeGreaterThan(0);
			for (const graph of graphs) {
				expect(graph.title).not.toBe('');
				expect(graph.desc).toMatch(/depends on/);
				expect(graph.labelledBy).toMatch(/-title .*-desc$/);
				expect(graph.arrows).toBeGreaterThan(0);
			}
			expect(graphs.flatMap((graph) => graph.links)).toEqual(expect.arrayContaining([...expected]));
			await page.close();
		}
	});

	it('prints the digest on A4 without the navigation', async () => {
		const { page } = await open('/digest/');
		await page.emulateMedia({ media: 'print' });
		expect(await page.isVisible('header.site')).toBe(false);
		expect(await page.isVisible('.digest h1')).toBe(true);
		const pdf = await page.pdf({ preferCSSPageSize: true });
		// An A4 page is 595 × 842 points.
		const [width, height] = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'))!.slice(1).map(Number);
		expect(Math.round(width!)).toBe(595);
		expect(Math.round(height!)).toBe(842);
		await page.close();
	});

	it('serves valid Atom 1.0 feeds of level changes and new failures, for the organisation and each team', async () => {
		const { page } = await open('/digest/');
		for (const url of ['/feeds/org.xml', '/feeds/teams/fulfilment.xml', '/feeds/teams/storefront.xml']) {
			const feed = await page.evaluate(async (address) => {
				const text = await (await fetch(address)).text();
				const document = new DOMParser().parseFromString(text, 'application/xml');
				if (document.getElementsByTagName('parsererror').length > 0) return { error: document.getElementsByTagName('parsererror')[0]!.textContent };
				const ATOM = 'http://www.w3.org/2005/Atom';
				const root = document.documentElement;
				const missing = (element: Element, names: string[]) => names.filter((name) => [...element.children].every((child) => child.namespaceURI !== ATOM || child.localName !== name));
				const entries = [...root.children].filter((child) => child.localName === 'entry');
				return {
					namespace: root.namespaceURI,
					root: root.localName,
					missing: missing(root, ['id', 'title', 'updated', 'author', 'link']),
					entries: entries.map((entry) => ({ missing: missing(entry, ['id', 'title', 'updated', 'link']), id: entry.getElementsByTagNameNS(ATOM, 'id')[0]!.textContent, updated: entry.getElementsByTagNameNS(ATOM, 'updated')[0]!.textContent })),
				};
			}, url);
			expect(feed, url).toMatchObject({ namespace: 'http://www.w3.org/2005/Atom', root: 'feed', missing: [] });
			for (const entry of (feed as { entries: { missing: string[]; id: string; updated: string }[] }).entries) {
				expect(entry.missing, url).toEqual([]);
				expect(entry.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
				expect(entry.updated).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
			}
			if (url === '/feeds/org.xml') expect((feed as { entries: unknown[] }).entries.length).toBeGreaterThan(0);
		}
		await page.close();
	});

	it('links a blocking check on a service page to its evidence in the source, at the collected commit', async () => {
		const { page } = await open('/services/ledger/');
		const links = await page.$$eval('.blockers a.evidence-link', (anchors) => anchors.map((anchor) => anchor.getAttribute('href')));
		expect(links).toContainEqual(expect.stringMatching(/^https:\/\/github\.com\/acme\/monorepo\/blob\/[0-9a-f]{40}\/test\/fixtures\/sample-org\/monorepo\/deploy\/k8s\/fulfilment\.yaml#L\d+$/));
		// Sections per level fold away; the ones with a failure are open.
		expect(await page.$$eval('details.level-checks', (sections) => sections.map((section) => (section as HTMLDetailsElement).open))).toContain(true);
		await page.close();
	});

	it('draws the level charts on their canvas', async () => {
		for (const url of ['/', '/teams/payments/']) {
			const { page } = await open(url);
			await page.waitForSelector('canvas[data-rendered="true"]');
			const painted = await page.$eval('canvas[data-series]', (canvas) => {
				const context = (canvas as HTMLCanvasElement).getContext('2d')!;
				const { data } = context.getImageData(0, 0, (canvas as HTMLCanvasElement).width, (canvas as HTMLCanvasElement).height);
				return data.some((value, index) => index % 4 === 3 && value > 0);
			});
			expect(painted).toBe(true);
			await page.close();
		}
	});

	it('draws trend, goal and burn-up charts from the seeded history, with the rubric change listed', async () => {
		for (const url of ['/', '/teams/payments/', '/services/payments-api/', '/goals/', '/campaigns/']) {
			const { page } = await open(url);
			await page.waitForSelector('.trend-chart canvas[data-rendered="true"]');
			const painted = await page.$eval('.trend-chart canvas', (canvas) => {
				const context = (canvas as HTMLCanvasElement).getContext('2d')!;
				const { data } = context.getImageData(0, 0, (canvas as HTMLCanvasElement).width, (canvas as HTMLCanvasElement).height);
				return data.some((value, index) => index % 4 === 3 && value > 0);
			});
			expect(painted, url).toBe(true);
			await page.close();
		}
		const { page } = await open('/');
		expect(await page.textContent('.trend-chart figcaption')).toContain('Rubric changed on 2026-11-15');
		await page.close();
	});

	it('finds a service by name with the offline search', async () => {
		const { page } = await open('/search/?q=ledger');

		await page.waitForSelector('.pagefind-ui__result-link', { timeout: 15_000 });
		const links = await page.$$eval('.pagefind-ui__result-link', (anchors) => anchors.map((anchor) => anchor.getAttribute('href')));

		expect(links).toContain('/services/ledger/');
		// The lists that name every service (the services table, the quality findings) are not
		// results for a service's name: the service is.
		const titles = await page.$$eval('.pagefind-ui__result-link', (anchors) => anchors.map((anchor) => anchor.textContent!.trim()));
		expect(titles).not.toContain('Page: Services');
		expect(titles).not.toContain('Page: Catalog quality');
		await page.close();
	});

	it('labels each search result with its type, with a snippet that reads as words, and filters by type', async () => {
		const { page } = await open('/search/?q=vault');
		await page.waitForSelector('.pagefind-ui__result-link', { timeout: 15_000 });
		const results = await page.$$eval('.pagefind-ui__result', (items) => items.map((item) => ({ title: item.querySelector('.pagefind-ui__result-link')!.textContent!.trim(), excerpt: item.querySelector('.pagefind-ui__result-excerpt')?.textContent ?? '' })));
		for (const result of results) expect(result.title).toMatch(/^(Service|Team|Check|System|Domain|Guide|Page): /);
		const check = results.find((result) => result.title === 'Check: Secrets come from Vault');
		expect(check?.excerpt).toMatch(/Fix: Serve secrets through the Vault Agent injector/);
		// Checks come from the records' index and guides from the pages' one: both answer one search.
		expect(results.map((result) => result.title)).toContain('Guide: Production readiness policy');
		expect(await page.textContent('.pagefind-ui__filter-panel')).toContain('Type');
		await page.close();
	});

	it('narrows the services table with the filters and sorts it', async () => {
		const { page } = await open('/services/');
		const visible = () => page.$$eval('#services-table tbody tr', (rows) => rows.filter((row) => !(row as HTMLElement).hidden).length);

		expect(await visible()).toBe(9);
		await page.selectOption('select[name="level"]', 'gold');
		expect(await visible()).toBe(3);
		expect(await page.textContent('#service-count')).toBe('3 of 9 services');
		await page.selectOption('select[name="level"]', '');
		await page.fill('input[name="name"]', 'pay');
		expect(await visible()).toBe(1);
		await page.fill('input[name="name"]', '');
		await page.click('th[data-sort="score"] button');
		const scores = await page.$$eval('#services-table tbody tr', (rows) => rows.map((row) => Number((row as HTMLElement).dataset.score)));
		expect(scores).toEqual([...scores].sort((a, b) => a - b));
		await page.close();
	});

	it('is keyboard navigable: the first Tab reaches the skip link', async () => {
		const { page } = await open('/services/ledger/');

		await page.keyboard.press('Tab');

		expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
		await page.close();
	});

});
