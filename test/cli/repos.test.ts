// `shipshape repos`: an organisation's repositories as the matrix a CI engine fans out over, from a
// GitHub-API-shaped server on 127.0.0.1 (pagination, topics, archived repositories, no token) or
// from a list for other code hosts; the real bin, its output shapes and its errors.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubServer } from '../support/github-server.ts';
import { PROJECT_ROOT, tempDirectory } from '../support/temp.ts';

const BIN = path.join(PROJECT_ROOT, 'src/cli/shipshape.mjs');
const TOKEN = 'ghp_repos-test-token';

/** Runs the bin without blocking this process (the GitHub-shaped server answers from it). */
function shipshape(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [BIN, 'repos', ...args], { cwd, env: { ...process.env, GITHUB_TOKEN: TOKEN, SHIPSHAPE_GITHUB_WAIT_SCALE: '0.01', ...env } });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('close', (status) => resolve({ status, stdout, stderr }));
	});
}

describe('shipshape repos --github-org', () => {
	let server: Awaited<ReturnType<typeof startGitHubServer>>;
	let work: string;
	const repository = (name: string, extra: Record<string, unknown> = {}) => ({ name, full_name: `acme/${name}`, archived: false, topics: [], ...extra });

	beforeAll(async () => {
		let base = '';
		server = await startGitHubServer(
			{
				'GET /orgs/acme/repos': (url) =>
					url.searchParams.get('page') === '2'
						? { body: [repository('billing', { topics: ['service'] }), repository('old-shop', { archived: true, topics: ['service'] })] }
						: { body: [repository('web', { topics: ['service', 'frontend'] }), repository('docs'), repository('api', { topics: ['service'] })], headers: { link: `<${base}/orgs/acme/repos?per_page=100&type=all&page=2>; rel="next", <${base}/orgs/acme/repos?per_page=100&type=all&page=2>; rel="last"` } },
			},
			TOKEN,
		);
		base = server.url;
		work = await tempDirectory('repos-');
		await writeFile(path.join(work, 'shipshape.config.yaml'), `github:\n  baseUrl: ${server.url}\n  cache: cache\n  timeoutSeconds: 2\n`);
	});

	afterAll(async () => {
		await server.close();
	});

	it('lists every page, sorted, as a matrix for fromJSON', async () => {
		const result = await shipshape(['--github-org', 'acme'], work);
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		expect(JSON.parse(result.stdout)).toEqual({
			include: ['api', 'billing', 'docs', 'old-shop', 'web'].map((name) => ({ repository: `acme/${name}`, slug: `acme-${name}` })),
		});
	});

	it('keeps only a topic, leaves archived repositories out, and groups them into shards', async () => {
		const result = await shipshape(['--github-org', 'acme', '--topic', 'service', '--exclude-archived', '--shard-size', '2'], work);
		expect(result.status).toBe(0);
		expect(JSON.parse(result.stdout)).toEqual({ include: [{ shard: 1, repositories: 'acme/api acme/billing' }, { shard: 2, repositories: 'acme/web' }] });
		expect((await shipshape(['--github-org', 'acme', '--topic', 'frontend', '--format', 'lines'], work)).stdout).toBe('acme/web\n');
	});

	it('says why when GitHub refuses, and exits 2', async () => {
		const result = await shipshape(['--github-org', 'acme'], work, { GITHUB_TOKEN: 'ghp_wrong' });
		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(/cannot list the repositories of acme: .*401/);
		expect(result.stderr).not.toContain('ghp_wrong');
	});
});

describe('shipshape repos --from-file', () => {
	it('reads one repository per line, with comments and duplicates, for other code hosts', async () => {
		const work = await tempDirectory('repos-file-');
		await writeFile(path.join(work, 'repos.txt'), '# GitLab projects of the platform group\nplatform/payments/api\nhttps://gitlab.example.com/platform/web.git\n\nplatform/payments/api # twice\n');
		const result = await shipshape(['--from-file', 'repos.txt'], work);
		expect(result.status).toBe(0);
		expect(JSON.parse(result.stdout)).toEqual({
			include: [
				{ repository: 'https://gitlab.example.com/platform/web.git', slug: 'platform-web' },
				{ repository: 'platform/payments/api', slug: 'platform-payments-api' },
			],
		});
	});

	it.each<[string, string[], RegExp]>([
		['neither source', [], /give either --github-org ORG .* or --from-file FILE/],
		['both sources', ['--github-org', 'acme', '--from-file', 'repos.txt'], /give either --github-org/],
		['a shard size that is not a whole number', ['--from-file', 'repos.txt', '--shard-size', 'two'], /--shard-size "two" is not a positive whole number/],
		['a file that is not there', ['--from-file', 'missing.txt'], /--from-file missing.txt: cannot read it \(ENOENT\)/],
		['an organisation name that is not one', ['--github-org', '../etc'], /--github-org "\.\.\/etc" is not a GitHub organisation name/],
	])('exits 2 on %s', async (_case, args, message) => {
		const work = await tempDirectory('repos-bad-');
		await writeFile(path.join(work, 'repos.txt'), 'acme/api\n');
		const result = await shipshape(args, work);
		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(message);
	});
});
