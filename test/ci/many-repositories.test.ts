// The many-repository CI templates, run as written: their shell steps with bash on local git
// repositories, the listing against a GitHub-API-shaped server on 127.0.0.1, each matrix job in a
// runner directory of its own (its fragments "uploaded" into the merge job's directory, as the
// artifact download does), then merge, build and the catalog commit in the merge job.
import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubServer } from '../support/github-server.ts';
import { commit, git, initRepository } from '../support/git.ts';
import { PROJECT_ROOT, tempDirectory } from '../support/temp.ts';

const TEMPLATES = path.join(PROJECT_ROOT, 'src/templates/ci');
const BIN = path.join(PROJECT_ROOT, 'src/cli/shipshape.mjs');
const TOKEN = 'ghp_many-repositories-test';

interface Step {
	name?: string;
	run?: string;
	env?: Record<string, string>;
}
interface GitHubWorkflow {
	env: Record<string, string>;
	jobs: Record<string, { needs?: string | string[]; if?: string; strategy?: { 'fail-fast': boolean; matrix: string }; steps: Step[] }>;
}
type GitLabPipeline = Record<string, { script?: string[]; parallel?: number; needs?: { job: string }[]; rules?: { if: string; when?: string }[]; artifacts?: { when?: string; paths: string[] } }>;

let work: string;
let bin: string;
let origin: string;

/** Runs a script with bash -e in `cwd`, as the CI runner does, without blocking the server in this process. */
function bash(script: string, cwd: string, env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		const child = spawn('bash', ['-e', '-c', script], { cwd, env: { ...process.env, GITHUB_TOKEN: '', HOME: cwd, GIT_CONFIG_NOSYSTEM: '1', SHIPSHAPE_GITHUB_WAIT_SCALE: '0.01', PATH: `${bin}:${path.dirname(process.execPath)}:${process.env.PATH}`, ...env } });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('close', (status) => resolve({ status, stdout, stderr }));
	});
}

const stepNamed = (workflow: GitHubWorkflow, job: string, name: string): Step => {
	const step = workflow.jobs[job]!.steps.find((candidate) => candidate.name === name);
	if (step?.run === undefined) throw new Error(`no run step "${name}" in ${job}`);
	return step;
};

/** Two product repositories with descriptors and CODEOWNERS, as their teams commit them. */
async function createOrigin(): Promise<void> {
	const repositories: Record<string, Record<string, string>> = {
		'acme/shop': {
			'.github/CODEOWNERS': '* @acme/shop\n',
			'web/catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: web\nspec:\n  type: website\n  lifecycle: production\n  owner: shop\n',
			'web/package.json': '{ "name": "web" }\n',
		},
		'acme/billing': {
			CODEOWNERS: '* @acme/billing\n',
			'payments/service.yaml': 'name: payments\nowner: billing\ntier: 1\nlifecycle: production\n',
			'payments/main.go': 'package main\n\nfunc main() {}\n',
		},
	};
	for (const [repository, files] of Object.entries(repositories)) {
		const directory = path.join(origin, `${repository}.git`);
		await mkdir(directory, { recursive: true });
		initRepository(directory);
		await commit(directory, { author: 'Ana', email: 'ana@example.com', date: '2026-11-20T10:00:00Z', files });
	}
}

/** A runner's checkout of the repository that holds the Shipshape configuration and the catalog. */
async function runner(name: string, central: string): Promise<string> {
	const directory = path.join(work, 'runners', name);
	await cp(central, directory, { recursive: true });
	return directory;
}

beforeAll(async () => {
	work = await tempDirectory('many-repos-');
	bin = path.join(work, '.bin');
	origin = path.join(work, 'origin');
	await mkdir(bin);
	await symlink(BIN, path.join(bin, 'shipshape'));
	await createOrigin();
}, 60_000);

describe('the GitHub Actions workflow for many repositories', () => {
	let server: Awaited<ReturnType<typeof startGitHubServer>>;
	let workflow: GitHubWorkflow;
	let central: string;

	beforeAll(async () => {
		workflow = yaml.load(await readFile(path.join(TEMPLATES, 'github-many-repositories.yml'), 'utf8')) as GitHubWorkflow;
		const listed = ['billing', 'shop', 'ghost', 'old'].map((name) => ({ name, full_name: `acme/${name}`, archived: name === 'old', topics: [] }));
		server = await startGitHubServer({ 'GET /orgs/acme/repos': [{ body: listed }] }, TOKEN);
		central = path.join(work, 'central');
		await mkdir(central);
		initRepository(central);
		await writeFile(path.join(central, 'shipshape.config.yaml'), `github:\n  baseUrl: ${server.url}\n  cache: .shipshape/github\n`);
		await writeFile(path.join(central, '.gitignore'), '.shipshape/\nfragments/\ncheckouts/\ndist/\n.shipshape-reports/\n*.txt\n/matrix.json\n/github-output\n');
		git(central, ['add', '-A']);
		git(central, ['commit', '-q', '-m', 'Adopt Shipshape']);
	}, 60_000);

	afterAll(async () => {
		await server.close();
	});

	it('fans out from the listing, merges whatever the jobs delivered and publishes only after the build', () => {
		expect(workflow.jobs.collect?.needs).toBe('repos');
		expect(workflow.jobs.collect?.strategy).toMatchObject({ 'fail-fast': false, matrix: '${{ fromJSON(needs.repos.outputs.matrix) }}' });
		expect(workflow.jobs['merge-and-build']?.needs).toEqual(['repos', 'collect', 'inventory']);
		expect(workflow.jobs['merge-and-build']?.if).toContain('!cancelled()');
		expect(workflow.jobs.publish?.needs).toBe('merge-and-build');
	});

	it('lists, collects each shard in its own runner, merges, builds and commits the catalog', async () => {
		const list = await runner('repos', central);
		const output = path.join(list, 'github-output');
		const listing = await bash(stepNamed(workflow, 'repos', 'List the repositories').run!, list, { ...workflow.env, ORGANISATION: 'acme', SHARD_SIZE: '1', GITHUB_TOKEN: TOKEN, GITHUB_OUTPUT: output });
		expect(listing.status, listing.stderr).toBe(0);
		const matrix = JSON.parse((await readFile(output, 'utf8')).replace(/^matrix=/, ''));
		expect(matrix).toEqual({ include: [{ shard: 1, repositories: 'acme/billing' }, { shard: 2, repositories: 'acme/ghost' }, { shard: 3, repositories: 'acme/shop' }] });

		// The merge job's directory, where download-artifact (merge-multiple) puts every fragment.
		const merge = await runner('merge-and-build', central);
		await cp(path.join(list, 'repositories.txt'), path.join(merge, 'repositories.txt'));
		const results: Record<string, number | null> = {};
		for (const entry of matrix.include as { shard: number; repositories: string }[]) {
			const job = await runner(`collect-${entry.shard}`, central);
			const result = await bash(stepNamed(workflow, 'collect', 'Collect each repository of the shard').run!, job, { REPOSITORIES: entry.repositories, CLONE_BASE: origin });
			results[entry.repositories] = result.status;
			if (result.status === 0) await cp(path.join(job, 'fragments'), path.join(merge, 'fragments'), { recursive: true });
			else expect(result.stdout).toContain('::warning::could not clone acme/ghost');
		}
		const inventory = await bash(stepNamed(workflow, 'inventory', 'Collect the inventory').run!, await runner('inventory', central), {});

		expect(results).toEqual({ 'acme/billing': 0, 'acme/ghost': 1, 'acme/shop': 0 });
		expect(inventory.status, inventory.stderr).toBe(0);
		expect((await readdir(path.join(merge, 'fragments'))).sort()).toEqual(['acme-billing', 'acme-shop']);

		for (const name of ['Merge the fragments', 'Build the site', 'Commit catalog changes']) {
			const result = await bash(stepNamed(workflow, 'merge-and-build', name).run!, merge, {});
			expect(result.status, `${name}: ${result.stderr}${result.stdout}`).toBe(0);
		}
		const payments = JSON.parse(await readFile(path.join(merge, 'catalog/services/payments.json'), 'utf8'));
		expect(payments).toMatchObject({ repository: 'acme/billing', owner: 'billing', tier: 1 });
		expect((await readdir(path.join(merge, 'catalog/services'))).sort()).toEqual(['payments.json', 'web.json']);
		expect(git(merge, ['log', '-1', '--format=%s'])).toMatch(/^Readiness: catalog and scores of \d{4}-\d{2}-\d{2}\n$/);
		expect(git(merge, ['show', '--name-only', '--format=', 'HEAD'])).toContain('catalog/repositories/acme-shop.json');
		expect(await readFile(path.join(merge, 'dist/services/web/index.html'), 'utf8')).toContain('<code>acme/shop</code>');
	}, 240_000);
});

describe('the GitLab pipeline for many repositories', () => {
	it('splits the list across parallel collect jobs, merges them and commits the catalog', async () => {
		const pipeline = yaml.load(await readFile(path.join(TEMPLATES, 'gitlab-many-repositories.yml'), 'utf8')) as GitLabPipeline;
		const central = path.join(work, 'gitlab-central');
		await mkdir(central);
		initRepository(central);
		await writeFile(path.join(central, 'repositories.txt'), '# the projects to cover\nacme/shop\nacme/billing\n');
		await writeFile(path.join(central, '.gitignore'), 'fragments/\ncheckouts/\npublic/\n.shipshape-reports/\nall-repositories.txt\nshard.txt\nreadiness-changes.txt\n');
		git(central, ['add', '-A']);
		git(central, ['commit', '-q', '-m', 'Adopt Shipshape']);

		expect(pipeline.collect?.parallel).toBeGreaterThan(1);
		expect(pipeline.collect?.artifacts).toMatchObject({ when: 'always', paths: ['fragments/'] });
		expect(pipeline.pages?.needs?.map((need) => need.job)).toEqual(['collect', 'inventory']);
		expect(pipeline.pages?.rules?.[0]?.when).toBe('always');

		const pages = await runner('gitlab-pages', central);
		const shards: string[] = [];
		for (const index of ['1', '2']) {
			const job = await runner(`gitlab-collect-${index}`, central);
			const result = await bash(pipeline.collect!.script!.join('\n'), job, { CI_NODE_TOTAL: '2', CI_NODE_INDEX: index, CLONE_BASE: origin });
			expect(result.status, result.stderr + result.stdout).toBe(0);
			shards.push(await readFile(path.join(job, 'shard.txt'), 'utf8'));
			await cp(path.join(job, 'fragments'), path.join(pages, 'fragments'), { recursive: true });
		}
		const result = await bash(pipeline.pages!.script!.join('\n'), pages, { CI_PROJECT_PATH: 'acme/readiness', CI_SERVER_HOST: 'gitlab.example', CI_DEFAULT_BRANCH: 'main' });

		expect(shards).toEqual(['acme/billing\n', 'acme/shop\n']);
		expect(result.status, result.stderr + result.stdout).toBe(0);
		expect((await readdir(path.join(pages, 'catalog/services'))).sort()).toEqual(['payments.json', 'web.json']);
		expect(git(pages, ['log', '-1', '--format=%s'])).toMatch(/^Readiness: catalog and scores of/);
		expect(await readFile(path.join(pages, 'public/services/payments/index.html'), 'utf8')).toContain('<code>acme/billing</code>');
	}, 240_000);
});
