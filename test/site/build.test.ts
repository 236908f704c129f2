// Builds the sample organisation's site with the real CLI (Astro included) and reads the HTML.
import { spawnSync } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { globby } from 'globby';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectGolden } from '../support/golden.ts';
import { PROJECT_ROOT, tempDirectory } from '../support/temp.ts';

const HOSTILE_NAME = '<img src=x onerror=alert(1)>Evil';
const HOSTILE_DESCRIPTION = "<script>alert('owned')</script> **bold** [x](javascript:alert(2))";

/** Every way Markdown can spell an executable or data URL, in a widget and in a guide. */
const HOSTILE_LINKS = '[a](javascript:alert(1)) [b](JaVaScRiPt:alert(2)) [c](vbscript:msgbox(3)) [d](data:text/html,<script>alert(4)</script>) ![e](data:image/png;base64,iVBORw0KGgo=) [ok](https://docs.example/runbook)';
const HOSTILE_MARKDOWN = `${HOSTILE_LINKS} <javascript:alert(5)>`;
const HOSTILE_GUIDE = `---\ntitle: Hostile guide\ndescription: Links that must not survive.\n---\n${HOSTILE_LINKS}\n\n<a href="javascript:alert(6)" onclick="alert(7)">jsx link</a>\n\n<img src="data:image/svg+xml,<svg onload=alert(8)>" alt="x" />\n\n<a href=" java\tscript:alert(9)">spaced</a>\n`;

const EVIL_COMMIT = '0123456789abcdef0123456789abcdef01234567';
const EVIL_CHANGES = {
	repositoryUrl: 'https://github.com/acme/monorepo',
	lastChange: { date: '2026-11-20T10:00:00.000Z', commit: EVIL_COMMIT },
	commits30d: 1,
	commits90d: 2,
	contributors: [{ name: 'Chen Wei', commits: 2 }],
	recent: [{ commit: EVIL_COMMIT, subject: `fix: ${HOSTILE_NAME}`, author: '<b>Chen</b>', date: '2026-11-20T10:00:00.000Z' }],
};

let site: string;
let catalog: string;
const page = (relative: string) => readFile(path.join(site, relative), 'utf8');

beforeAll(async () => {
	const work = await tempDirectory('site-');
	catalog = path.join(work, 'catalog');
	site = path.join(work, 'public');
	await cp(path.join(PROJECT_ROOT, 'catalog'), catalog, { recursive: true });
	const ledger = JSON.parse(await readFile(path.join(catalog, 'services/ledger.json'), 'utf8'));
	await writeFile(path.join(catalog, 'services/evil.json'), JSON.stringify({ ...ledger, id: 'evil', name: HOSTILE_NAME, description: HOSTILE_DESCRIPTION, dependsOn: ['ledger'], changes: EVIL_CHANGES }));
	// A hand-edited record whose repository address is a script: its commits are shown, never linked.
	// Git history is activity: it lives in catalog/activity/, apart from the record.
	await writeFile(path.join(catalog, 'activity/reports.json'), JSON.stringify({ ...JSON.parse(await readFile(path.join(catalog, 'activity/reports.json'), 'utf8')), changes: { ...EVIL_CHANGES, repositoryUrl: 'javascript:alert(10)//' } }));
	// Guides are the user's Markdown: the shipped ones plus one full of executable links.
	const guides = path.join(work, 'guides');
	await cp(path.join(PROJECT_ROOT, 'src/content/guides'), guides, { recursive: true });
	await writeFile(path.join(guides, 'hostile.mdx'), HOSTILE_GUIDE);
	await writeFile(
		path.join(work, 'shipshape.config.yaml'),
		`catalog: catalog\nout: public\nsite:\n  title: Test readiness\n  base: /readiness/\n  guides: guides\n  embedOrigins: ['https://grafana.example']\n  widgets:\n    service:\n      - type: failing-checks\n      - type: level-summary\n      - type: dependencies\n      - type: open-pull-requests\n      - type: open-issues\n      - type: markdown\n        text: ${JSON.stringify(HOSTILE_MARKDOWN)}\n      - { type: embed, title: Dashboard, url: 'https://grafana.example/d/{service}' }\n`,
	);
	const waivers = await readFile(path.join(catalog, 'waivers.yaml'), 'utf8');
	await writeFile(
		path.join(catalog, 'waivers.yaml'),
		`${waivers}  - service: evil\n    check: has-owner\n    reason: "${HOSTILE_NAME} <script>alert('waiver')</script>"\n    ticket: https://tracker.example/EVIL-1\n    approver: "<b>Mallory</b>"\n    expires: 2027-01-01\n`,
	);

	const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'src/cli/shipshape.mjs'), 'build', '--now', '2026-12-01T00:00:00Z', '--quiet'], { cwd: work, encoding: 'utf8' });

	expect(result.stderr).toBe('');
	expect(result.status).toBe(0);
	expect(result.stdout).toContain('Built the site for 10 services');
}, 180_000);

describe('the built site', () => {
	it('has a page per system and domain, the level all their services reach, and links between them and from services', async () => {
		const system = await page('systems/payments/index.html');
		expect(system).toContain('<h1>Payments</h1>');
		expect(system).toMatch(/not all of its 2 services reach Bronze yet/);
		expect(system).toContain('href="/readiness/services/ledger/"');
		expect(system).toContain('href="/readiness/domains/commerce/"');
		expect(await page('systems/index.html')).toMatch(/href="\/readiness\/systems\/fulfilment\/"[\s\S]*href="\/readiness\/systems\/shop\/"/);
		const domain = await page('domains/commerce/index.html');
		expect(domain).toMatch(/href="\/readiness\/systems\/shop\/">Web shop<\/a>/);
		expect(await page('services/payments-api/index.html')).toMatch(/<dt>System<\/dt>\s*<dd><a href="\/readiness\/systems\/payments\/">Payments<\/a> · domain <a href="\/readiness\/domains\/commerce\/">Commerce<\/a>/);
		const exported = JSON.parse(await page('api/systems.json'));
		expect(exported.systems.map((entry: { id: string; level: string | null; services: string[] }) => [entry.id, entry.level, entry.services])).toEqual([
			['fulfilment', 'bronze', ['inventory-worker', 'orders-service']],
			['payments', null, ['ledger', 'payments-api']],
			['shop', 'silver', ['checkout-web']],
		]);
		expect(JSON.parse(await page('api/domains.json')).domains[0]).toMatchObject({ id: 'commerce', systems: ['fulfilment', 'payments', 'shop'] });
	});

	it('shows the Backstage resources a service depends on and the APIs it provides', async () => {
		const html = await page('services/checkout-web/index.html');
		expect(html).toMatch(/depends on resource <code>sessions-cache<\/code> \(cache\)/);
		expect(html).toMatch(/provides API <code>checkout-api<\/code> \(openapi\)/);
	});

	it('shows recent changes, linked to the commit, with the subject and author as text', async () => {
		const html = await page('services/evil/index.html');
		const changes = html.slice(html.indexOf('id="changes"'));

		expect(changes).toContain(`<a href="https://github.com/acme/monorepo/commit/${EVIL_COMMIT}"><code>01234567</code></a>`);
		expect(changes).toContain('fix: &lt;img src=x onerror=alert(1)&gt;Evil');
		expect(changes).toContain('&lt;b&gt;Chen&lt;/b&gt;');
		expect(changes).toMatch(/1 commit in the last 30 days, 2 in the last 90/);
	});

	it('never links a commit to a repository address that is not http(s)', async () => {
		const html = await page('services/reports/index.html');

		expect(html).not.toContain('javascript:alert(10)');
		expect(html.slice(html.indexOf('id="changes"'))).toContain('<code>01234567</code>');
	});

	it('says why a service has no recent changes', async () => {
		const html = await page('services/ledger/index.html');

		expect(html).toMatch(/id="changes"[\s\S]*No history: the monorepo is a subdirectory of a git repository/);
	});

	it.each<[string, string]>([
		['payments-api', 'Gold'],
		['checkout-web', 'Silver'],
		['orders-service', 'Bronze'],
		['ledger', 'None'],
		['reports', 'None'],
	])('has a page and a README badge for %s showing its level %s', async (id, level) => {
		const html = await page(`services/${id}/index.html`);

		expect(html).toMatch(new RegExp(`<h1>[^<]*<span class="level-badge level-${level.toLowerCase()}"[^>]*>${level}</span>`));
		expect(await page(`badges/${id}.svg`)).toMatch(new RegExp(`^<svg xmlns="http://www.w3.org/2000/svg" [^>]*aria-label="readiness: ${level}"><title>readiness: ${level}</title>`));
	});

	it('writes one badge per service and nothing else under /badges/', async () => {
		expect((await globby('badges/*', { cwd: site })).sort()).toEqual((await globby('services/*/index.html', { cwd: site })).map((file) => `badges/${file.split('/')[1]}.svg`).sort());
	});

	it('exports a row per service with its level and every check outcome as CSV', async () => {
		await expectGolden(await page('api/services.csv'), path.join(PROJECT_ROOT, 'test/site/golden/services.csv'));
	});

	it('has a page for every service, team and check', async () => {
		const services = (await globby('services/*/index.html', { cwd: site })).length;
		const teams = (await globby('teams/*/index.html', { cwd: site })).sort();
		const checks = (await globby('checks/*/index.html', { cwd: site })).length;

		expect(services).toBe(10);
		expect(teams).toEqual(['teams/fulfilment/index.html', 'teams/payments/index.html', 'teams/storefront/index.html']);
		expect(checks).toBe((await globby('rubrics/checks/*.yaml', { cwd: PROJECT_ROOT })).length);
	});

	it('documents every collector from its definition: facts with their meaning, and its README', async () => {
		const index = await page('collectors/index.html');
		const k8s = await page('collectors/k8s-manifests/index.html');

		for (const id of ['aws-inventory', 'descriptor', 'github', 'k8s-manifests', 'repo-files', 'terraform-state']) expect(index).toContain(`href="/readiness/collectors/${id}/"`);
		expect(k8s).toMatch(/<td><code>k8s-manifests\.minReplicas<\/code><\/td><td>[^<]+<\/td><td>[^<]{10,}<\/td>/);
		expect(k8s).toContain('<h2>How it works</h2>');
		expect(await page('collectors/github/index.html')).toContain('<code>GITHUB_TOKEN</code>');
	});

	it('puts what blocks the next level first, with remediation', async () => {
		const html = await page('services/ledger/index.html');

		expect(html.indexOf('What blocks Bronze')).toBeLessThan(html.indexOf('Levels per category'));
		// The reason names the resource, in the evaluator's words.
		expect(html).toContain('1 of 1 datastores have no backups: <code>aws_db_instance.ledger</code>.');
		expect(html).toContain('<code>backup_retention_period</code>');
	});

	it('serves every internal link from the configured base, and every one resolves', async () => {
		const broken: string[] = [];
		for (const file of await globby('**/*.html', { cwd: site })) {
			const html = await page(file);
			const pageUrl = new URL(`/readiness/${file.replace(/index\.html$/, '')}`, 'http://site.test');
			for (const [, href] of html.matchAll(/(?:href|src)="([^"]+)"/g)) {
				if (/^(https?:|mailto:|#|data:)/.test(href!)) continue;
				const target = new URL(href!.replaceAll('&amp;', '&'), pageUrl);
				if (!target.pathname.startsWith('/readiness/')) {
					broken.push(`${file}: ${href} is outside the base`);
					continue;
				}
				const relative = decodeURIComponent(target.pathname.replace(/^\/readiness\//, ''));
				const candidate = path.join(site, relative === '' || relative.endsWith('/') ? `${relative}index.html` : relative);
				if (!(await readFile(candidate).then(() => true, () => false))) broken.push(`${file}: ${href}`);
			}
		}

		expect(broken).toEqual([]);
	});

	it('shows hostile names and descriptions as text, never as markup', async () => {
		const html = await page('services/evil/index.html');
		// Attribute values may hold `<` safely (they are quoted and escaped); markup is what must not appear.
		// The hostile guide is markup its author wrote on purpose; it has its own test below.
		const markup = (await Promise.all((await globby('**/*.html', { cwd: site, ignore: ['guides/hostile/**'] })).map(page))).join('\n').replace(/="[^"]*"/g, '=""');

		expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;Evil');
		expect(html).toContain('&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;');
		expect(markup).not.toMatch(/<img\b/);
		expect(markup).not.toContain("<script>alert('owned')");
		expect(html).not.toMatch(/href="javascript:/i);
	});

	it('lists waivers by state with hostile text escaped, and shows them on the service page', async () => {
		const waivers = await page('waivers/index.html');
		const evil = await page('services/evil/index.html');

		expect(waivers).toMatch(/Expired: the check fails again \(1\)[\s\S]*orders-service[\s\S]*Active \(1\)[\s\S]*search-indexer[\s\S]*No longer needed \(1\)[\s\S]*evil/);
		expect(waivers).toContain('&lt;b&gt;Mallory&lt;/b&gt;');
		expect(waivers).not.toContain("<script>alert('waiver')");
		expect(evil).toContain('id="waivers"');
		expect(evil).toContain('href="https://tracker.example/EVIL-1"');
	});

	it('renders the organisation chart on a canvas with its series, and a table fallback without JavaScript', async () => {
		const html = await page('index.html');

		expect(html).toMatch(/<canvas[^>]+data-series="\[[^"]*&quot;value&quot;:3/);
		expect(html).toMatch(/<caption class="muted"[^>]*>Services per level<\/caption>/);
	});

	it('shows the discovery results of the sample organisation', async () => {
		const html = await page('discovery/index.html');

		expect(html).toMatch(/Unregistered services \(1\)[\s\S]*href="\/readiness\/services\/reports\/"/);
		expect(html).toMatch(/Ownership conflicts \(1\)[\s\S]*ledger<\/a><\/td><td>payments<\/td><td>fulfilment/);
		expect(html).toMatch(/Near-duplicate names \(1\)[\s\S]*<code>search-indexers<\/code>/);
		expect(html).toMatch(/Cloud resources no service claims \(4\)[\s\S]*<code>aws_sqs_queue\.legacy_jobs<\/code>/);
		expect(await page('services/ledger/index.html')).toContain('Ownership conflict');
	});

	it('shows open pull requests and issues from the recorded GitHub data in the widgets', async () => {
		const html = await page('services/payments-api/index.html');
		const team = await page('teams/storefront/index.html');

		expect(html).toMatch(/<h2>Open pull requests<\/h2><ul><li><a href="https:\/\/github\.com\/acme\/monorepo\/pull\/42" rel="noopener noreferrer">#42 payments-api: add partial refunds<\/a>/);
		expect(html).toContain('#17 Refunds time out under load');
		expect(team).toContain('#43 checkout-web: new cart drawer');
	});

	it('writes no javascript:, vbscript: or data: URL into any page or SVG, whatever the input', async () => {
		const executable: string[] = [];
		for (const file of await globby(['**/*.html', '**/*.svg'], { cwd: site, ignore: ['pagefind/**'] })) {
			const text = await page(file);
			for (const [, attribute, value] of text.matchAll(/\s((?:xlink:)?href|src|action|formaction|poster|srcset)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
				const url = (value ?? '').replaceAll('&#x9;', '').replaceAll('&Tab;', '').replace(/[\u0000-\u0020]/g, '').toLowerCase();
				if (/^(javascript|vbscript|data):/.test(url)) executable.push(`${file}: ${attribute}="${value}"`);
			}
			if (/<[a-z][^>]*\son[a-z]+\s*=/i.test(text.replace(/="[^"]*"/g, '=""'))) executable.push(`${file}: inline event handler`);
		}

		expect(executable).toEqual([]);
		const guide = await page('guides/hostile/index.html');
		expect(guide).toContain('href="https://docs.example/runbook"');
		expect(await page('services/ledger/index.html')).toContain('href="https://docs.example/runbook"');
	});

	it('declares the Content-Security-Policy on every page, with the configured embed origin as the only frame source', async () => {
		const pages = await globby('**/*.html', { cwd: site });

		for (const file of pages) {
			expect(await page(file), file).toContain(
				`<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-src https://grafana.example; object-src 'none'; base-uri 'self'; form-action 'self'">`,
			);
			expect(await page(file), file).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>[^<]|<style[\s>]|\sstyle="/);
		}
		expect(pages.length).toBeGreaterThan(30);
	});

	it('gives every page a title and a description', async () => {
		for (const file of await globby('**/*.html', { cwd: site })) {
			const html = await page(file);
			expect(html, file).toMatch(/<title>[^<]+ · Test readiness<\/title>/);
			expect(html, file).toMatch(/<meta name="description" content="[^"]+"/);
		}
	});
});
