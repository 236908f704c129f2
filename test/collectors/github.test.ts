// The real GitHub collector, with the real Octokit client and its throttling and retry plugins,
// against a GitHub-shaped server on 127.0.0.1: facts, unknown-with-reason, rate limits, retries,
// timeouts, conditional requests on the second run, and the token nowhere in the outputs.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCollection } from '../../collectors/run.ts';
import type { Logger } from '../../collectors/types.ts';
import { resolveSettings } from '../../src/lib/config/load.ts';
import { startGitHubServer, type Routes } from '../support/github-server.ts';
import { tempDirectory, writeTree } from '../support/temp.ts';

const TOKEN = 'ghp_TestTokenThatMustNeverLeak0123456789';
const NOW = new Date('2026-12-01T00:00:00Z');
const nowSeconds = () => Math.floor(Date.now() / 1000);

const pull = (number: number, title: string, created: string, draft = false) => ({ number, title, user: { login: `dev${number}` }, created_at: created, draft, html_url: `https://github.test/acme/shop/pull/${number}`, state: 'open' });

function routes(base: () => string): Routes {
	return {
		'GET /repos/acme/shop': [{ body: { id: 1, full_name: 'acme/shop', default_branch: 'main', security_and_analysis: { secret_scanning: { status: 'enabled' }, dependabot_security_updates: { status: 'disabled' } } } }],
		'GET /repos/acme/shop/branches/main/protection': [
			{ body: { url: 'x', required_status_checks: { strict: true, contexts: ['ci/test'], checks: [{ context: 'ci/test', app_id: 1 }] }, required_pull_request_reviews: { required_approving_review_count: 2, require_code_owner_reviews: true, dismiss_stale_reviews: true }, allow_force_pushes: { enabled: false }, allow_deletions: { enabled: false }, required_signatures: { enabled: false } } },
		],
		'GET /repos/acme/shop/rules/branches/main': [{ body: [{ type: 'required_signatures', ruleset_id: 7 }] }],
		'GET /repos/acme/shop/vulnerability-alerts': [{ status: 403, body: { message: 'Resource not accessible by personal access token' } }],
		'GET /repos/acme/shop/code-scanning/alerts': (url) =>
			url.searchParams.get('page') === '2'
				? { body: [{ number: 3, rule: { security_severity_level: 'critical' } }] }
				: { body: [{ number: 1, rule: { security_severity_level: 'high' } }, { number: 2, rule: { severity: 'warning', security_severity_level: null } }], headers: { link: `<${base()}/repos/acme/shop/code-scanning/alerts?state=open&per_page=100&page=2>; rel="next", <${base()}/repos/acme/shop/code-scanning/alerts?state=open&per_page=100&page=2>; rel="last"` } },
		// A secondary rate limit first: the throttling plugin waits retry-after, then retries.
		'GET /repos/acme/shop/pulls': [
			{ status: 403, body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }, headers: { 'retry-after': '1' } },
			{ body: [pull(12, 'Add refunds to <script>alert(1)</script> api', '2026-11-20T10:00:00Z'), pull(11, 'Web: new cart', '2026-11-18T10:00:00Z', true)] },
		],
		'GET /repos/acme/shop/pulls/12/files': [{ body: [{ filename: 'services/api/refunds.go', status: 'added' }] }],
		'GET /repos/acme/shop/pulls/11/files': [{ body: [{ filename: 'services/web/cart.ts', status: 'modified' }, { filename: 'docs/cart.md', status: 'added' }] }],
		// A bad gateway first: the retry plugin retries.
		'GET /repos/acme/shop/deployments': [
			{ status: 502, body: { message: 'Bad Gateway' } },
			{ body: [{ id: 101, environment: 'api-production', created_at: '2026-11-28T09:00:00Z', task: 'deploy', description: null, payload: {} }, { id: 102, environment: 'production', created_at: '2026-10-01T09:00:00Z', task: 'deploy', description: 'deploy web', payload: { service: 'web' } }, { id: 103, environment: 'staging', created_at: '2026-11-29T09:00:00Z', task: 'deploy', description: null, payload: {} }] },
		],
		'GET /repos/acme/shop/deployments/101/statuses': [{ body: [{ state: 'success', created_at: '2026-11-28T09:05:00Z' }] }],
		'GET /repos/acme/shop/deployments/102/statuses': [{ body: [{ state: 'failure', created_at: '2026-10-01T09:05:00Z' }] }],
		'GET /repos/acme/shop/releases': [{ body: [] }],
		'GET /repos/acme/shop/issues': (url) => ({ body: url.searchParams.get('labels') === 'service:api' ? [{ number: 5, title: 'Refund fails', user: { login: 'ops' }, created_at: '2026-11-25T08:00:00Z', html_url: 'https://github.test/acme/shop/issues/5' }, { number: 6, title: 'a PR', user: null, created_at: '2026-11-26T08:00:00Z', html_url: 'x', pull_request: {} }] : [] }),
		// The primary rate limit for one call (reset a second away), and a response slower than the timeout.
		'GET /repos/acme/shop/commits': (url, call) =>
			url.searchParams.get('path') === 'services/web'
				? { delay: 2500, body: [] }
				: call === 0
					? { status: 403, body: { message: 'API rate limit exceeded' }, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(nowSeconds() + 1) } }
					: { body: [{ sha: 'abc', commit: { committer: { date: '2026-11-27T12:00:00Z' }, author: { date: '2026-11-27T11:00:00Z' } } }] },
	};
}

describe('the GitHub collector against a GitHub-shaped server', () => {
	let server: Awaited<ReturnType<typeof startGitHubServer>>;
	let work: string;
	let logs: string[];

	const collect = async (options: { offline?: boolean } = {}) => {
		logs = [];
		const log: Logger = { info: (message) => logs.push(message), warn: (message) => logs.push(message), progress() {} };
		const settings = await resolveSettings({ config: path.join(work, 'shipshape.config.yaml'), offline: options.offline }, work);
		await runCollection(settings, { now: NOW, log, env: process.env });
		// The record and its activity (open pull requests and issues, merges, deploys) live apart; checks read them joined.
		const read = async (id: string) => {
			const record = JSON.parse(await readFile(path.join(work, 'catalog/services', `${id}.json`), 'utf8'));
			const activity = JSON.parse(await readFile(path.join(work, 'catalog/activity', `${id}.json`), 'utf8').catch(() => '{"facts":{}}'));
			for (const fact of ['openPullRequests', 'openIssues', 'lastMergedAt', 'lastDeployAt', 'deploysLast30Days']) expect(record.facts.github?.[fact], `${id}: github.${fact} in its record`).toBeUndefined();
			return { ...record, facts: { ...record.facts, github: { ...record.facts.github, ...activity.facts.github } } };
		};
		return { api: await read('api'), web: await read('web') };
	};

	beforeAll(async () => {
		let base = '';
		server = await startGitHubServer(routes(() => base), TOKEN);
		base = server.url;
		work = await tempDirectory('github-');
		await writeTree(work, {
			'repo/services/api/service.yaml': 'name: api\nowner: team-a\n',
			'repo/services/api/main.go': 'package main\n',
			'repo/services/web/service.yaml': 'name: web\nowner: team-a\n',
			'repo/services/web/index.ts': 'export {};\n',
			'shipshape.config.yaml': `repo: repo\ncatalog: catalog\ngithub:\n  repository: acme/shop\n  baseUrl: ${server.url}\n  cache: cache\n  timeoutSeconds: 1\n  concurrency: 2\n`,
		});
		process.env.SHIPSHAPE_GITHUB_WAIT_SCALE = '0.1';
	});

	afterAll(async () => {
		process.env.GITHUB_TOKEN = '';
		delete process.env.SHIPSHAPE_GITHUB_WAIT_SCALE;
		await server.close();
	});

	it('without a token does not run, says so once, and leaves every fact unknown with the reason', async () => {
		process.env.GITHUB_TOKEN = '';

		const { api } = await collect();

		expect(server.requests).toEqual([]);
		expect(api.facts.github).toEqual({ repository: 'acme/shop', unavailable: { '*': 'no GITHUB_TOKEN: the GitHub collector did not run' } });
		expect(logs.filter((line) => line.includes('GITHUB_TOKEN'))).toHaveLength(1);
	});

	it('with --offline does not call GitHub even with a token', async () => {
		process.env.GITHUB_TOKEN = TOKEN;

		const { api } = await collect({ offline: true });

		expect(server.requests).toEqual([]);
		expect(api.facts.github.unavailable).toEqual({ '*': 'the GitHub collector ran offline (--offline)' });
	});

	it('collects facts through pagination, rate limits, a 502 and a timeout, and marks what it could not get', async () => {
		process.env.GITHUB_TOKEN = TOKEN;
		server.reset();

		const { api, web } = await collect();

		expect(api.facts.github).toMatchObject({
			repository: 'acme/shop',
			defaultBranch: 'main',
			isBranchProtected: true,
			requiredReviews: 2,
			codeOwnerReviews: true,
			requiredStatusChecks: ['ci/test'],
			forcePushBlocked: true,
			deletionBlocked: true,
			signedCommits: true,
			secretScanning: true,
			dependabotSecurityUpdates: false,
			codeScanningAlerts: { critical: 1, high: 1, medium: 1, low: 0 },
			openPullRequests: [{ number: 12, title: 'Add refunds to <script>alert(1)</script> api', author: 'dev12', createdAt: '2026-11-20T10:00:00Z', draft: false, url: 'https://github.test/acme/shop/pull/12' }],
			openIssues: [{ number: 5, title: 'Refund fails', author: 'ops', createdAt: '2026-11-25T08:00:00Z', url: 'https://github.test/acme/shop/issues/5' }],
			lastMergedAt: '2026-11-27T12:00:00Z',
			lastDeployAt: '2026-11-28T09:05:00Z',
			deploysLast30Days: 1,
		});
		expect(api.facts.github.unavailable).toEqual({ dependabotAlerts: expect.stringMatching(/^GitHub answered 403: Resource not accessible by personal access token/) });
		expect(web.facts.github.openPullRequests).toEqual([expect.objectContaining({ number: 11, draft: true })]);
		expect(web.facts.github.unavailable).toMatchObject({ lastMergedAt: 'GitHub did not answer in time' });
		expect(web.facts.github).toMatchObject({ lastDeployAt: null, deploysLast30Days: 0 });

		const count = (route: string) => server.requests.filter((request) => request.path.startsWith(route)).length;
		expect(count('/repos/acme/shop/pulls?')).toBe(2);
		expect(count('/repos/acme/shop/deployments?')).toBe(2);
		expect(count('/repos/acme/shop/code-scanning/alerts')).toBe(2);
		expect(server.requests.every((request) => request.authorization === `token ${TOKEN}`)).toBe(true);
	});

	it('makes conditional requests on the next run, so unchanged data costs no rate limit', async () => {
		process.env.GITHUB_TOKEN = TOKEN;
		server.reset();

		const { api } = await collect();

		const repository = server.requests.find((request) => request.path === '/repos/acme/shop');
		expect(repository?.conditional).toBe(true);
		expect(server.requests.filter((request) => request.status === 304).length).toBeGreaterThanOrEqual(8);
		expect(api.facts.github.requiredReviews).toBe(2);
	});

	it('never exceeds the request budget, and says which facts it cost', async () => {
		process.env.GITHUB_TOKEN = TOKEN;
		server.reset();
		await writeTree(work, { 'shipshape.config.yaml': `repo: repo\ncatalog: catalog\ngithub:\n  repository: acme/shop\n  baseUrl: ${server.url}\n  cache: cache-budget\n  requestBudget: 3\n  timeoutSeconds: 1\n` });

		const { api } = await collect();

		expect(server.requests.length).toBeLessThanOrEqual(3);
		expect(Object.values(api.facts.github.unavailable)).toContain('request budget of 3 exhausted');
	});

	it('writes the token nowhere: catalog, cache, logs', async () => {
		const files = await readdir(work, { recursive: true });
		const contents = await Promise.all(files.map((file) => readFile(path.join(work, file), 'utf8').catch(() => '')));

		expect(contents.join('\n')).not.toContain(TOKEN);
		expect(logs.join('\n')).not.toContain(TOKEN);
	});
});

describe('the GitHub collector\'s settings', () => {
	const silent: Logger = { info() {}, warn() {}, progress() {} };
	async function repositoryFor(config: string): Promise<string> {
		const work = await tempDirectory('github-settings-');
		await writeTree(work, { 'repo/services/api/service.yaml': 'name: api\nowner: team-a\n', 'shipshape.config.yaml': `repo: repo\ncatalog: catalog\n${config}` });
		const settings = await resolveSettings({ config: path.join(work, 'shipshape.config.yaml') }, work);
		await runCollection(settings, { now: NOW, log: silent, env: {} });
		return JSON.parse(await readFile(path.join(work, 'catalog/services/api.json'), 'utf8')).facts.github.repository;
	}

	it.each([
		['collectors.github', 'collectors:\n  github: { repository: acme/shop }\n', 'acme/shop'],
		['github: (the top-level spelling)', 'github: { repository: acme/shop }\n', 'acme/shop'],
		['both, collectors.github winning', 'github: { repository: acme/old }\ncollectors:\n  github: { repository: acme/shop }\n', 'acme/shop'],
	])('are read from %s', async (_name, config, expected) => {
		expect(await repositoryFor(config)).toBe(expected);
	});

	it('refuses a bad value under collectors.github with its line', async () => {
		const work = await tempDirectory('github-settings-bad-');
		await writeTree(work, { 'shipshape.config.yaml': 'repo: .\ncollectors:\n  github:\n    concurrency: 99\n' });
		await expect(resolveSettings({ config: path.join(work, 'shipshape.config.yaml') }, work)).rejects.toThrow(/shipshape\.config\.yaml:4:\d+: collectors\.github\.concurrency/);
	});
});
