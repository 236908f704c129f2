// The CI templates shipped in src/templates/ci/: they parse, every Shipshape command and flag they
// use exists, they keep the publishing guarantees (concurrency, publish only after a full build),
// and their own shell steps run as written on the sample organisation in a real git repository:
// the scheduled job (collect, build with versioned reports, commit the catalog) and the
// pull-request gate (comment, touched services, check exit status).
import { spawnSync } from 'node:child_process';
import { cp, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import yaml from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { git, initRepository } from '../support/git.ts';
import { PROJECT_ROOT, tempDirectory } from '../support/temp.ts';

const TEMPLATES = path.join(PROJECT_ROOT, 'src/templates/ci');
const BIN = path.join(PROJECT_ROOT, 'src/cli/shipshape.mjs');

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	env?: Record<string, string>;
	with?: Record<string, string>;
}
interface GitHubWorkflow {
	on: Record<string, unknown>;
	concurrency?: { group: string; 'cancel-in-progress': boolean };
	jobs: Record<string, { needs?: string; steps: Step[] }>;
}

async function template<T>(name: string): Promise<T> {
	return yaml.load(await readFile(path.join(TEMPLATES, name), 'utf8')) as T;
}

/** Every `shipshape <command> --flags` in a script. */
function shipshapeCalls(script: string): { command: string; flags: string[] }[] {
	return [...script.matchAll(/\bshipshape ([a-z]+)([^\n|>;]*)/g)].map((match) => ({ command: match[1]!, flags: [...match[2]!.matchAll(/--[a-z-]+/g)].map((flag) => flag[0]) }));
}

function helpOf(command: string): string {
	const result = spawnSync(process.execPath, [BIN, command, '--help'], { encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`shipshape ${command} --help failed: ${result.stderr}`);
	return result.stdout;
}

describe('CI templates', () => {
	it.each(['github-scheduled.yml', 'github-pull-request.yml', 'gitlab-ci.yml', 'github-many-repositories.yml', 'gitlab-many-repositories.yml'])('%s uses only existing commands and flags', async (name) => {
		const text = await readFile(path.join(TEMPLATES, name), 'utf8');
		expect(() => yaml.load(text)).not.toThrow();
		const calls = shipshapeCalls(text.split('\n').filter((line) => !line.trim().startsWith('#')).join('\n'));

		expect(calls.length).toBeGreaterThan(2);
		for (const call of calls) {
			const help = helpOf(call.command);
			for (const flag of call.flags) expect(help, `shipshape ${call.command} ${flag}`).toContain(flag);
		}
	});

	it('the scheduled workflow runs on a cron and by hand, one publication at a time, publishing only after the build', async () => {
		const workflow = await template<GitHubWorkflow>('github-scheduled.yml');

		expect(Object.keys(workflow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
		expect(workflow.concurrency).toEqual({ group: 'shipshape-readiness', 'cancel-in-progress': false });
		expect(workflow.jobs.publish?.needs).toBe('build');
		expect(workflow.jobs.publish?.steps.map((step) => step.uses)).toEqual(['actions/deploy-pages@v4']);
		expect(workflow.jobs.build?.steps.find((step) => step.uses?.startsWith('actions/upload-pages-artifact'))).toBeDefined();
	});

	it('the GitLab pipeline publishes from schedules in a resource group and gates merge requests', async () => {
		const pipeline = await template<Record<string, { resource_group?: string; rules?: { if: string }[]; script?: string[] }>>('gitlab-ci.yml');

		expect(pipeline.pages?.resource_group).toBe('shipshape-pages');
		expect(pipeline.pages?.rules?.[0]?.if).toContain('schedule');
		expect(pipeline['readiness-gate']?.rules?.[0]?.if).toContain('merge_request_event');
	});
});

describe('the workflows run as written on the sample organisation', () => {
	let repo: string;
	let bin: string;

	/** Runs one step's script with bash, as GitHub Actions does (`bash -e`), with `shipshape` on PATH. */
	function runStep(step: Step, env: Record<string, string> = {}) {
		return spawnSync('bash', ['-e', '-c', step.run!], {
			cwd: repo,
			encoding: 'utf8',
			env: { ...process.env, ...step.env, GITHUB_TOKEN: '', GITHUB_PATH: '/dev/null', HOME: repo, GIT_CONFIG_NOSYSTEM: '1', PATH: `${bin}:${path.dirname(process.execPath)}:${process.env.PATH}`, ...env },
		});
	}

	const stepNamed = (workflow: GitHubWorkflow, job: string, name: string) => {
		const step = workflow.jobs[job]!.steps.find((candidate) => candidate.name === name);
		if (step?.run === undefined) throw new Error(`no run step "${name}" in ${job}`);
		return step;
	};

	beforeAll(async () => {
		repo = await tempDirectory('ci-');
		bin = path.join(repo, '.bin');
		await mkdir(bin);
		await symlink(BIN, path.join(bin, 'shipshape'));
		initRepository(repo);
		await cp(path.join(PROJECT_ROOT, 'test/fixtures/sample-org/monorepo'), path.join(repo, 'monorepo'), { recursive: true });
		await cp(path.join(PROJECT_ROOT, 'catalog'), path.join(repo, 'catalog'), { recursive: true, filter: (source) => !source.endsWith('snapshot.json') });
		const config = (await readFile(path.join(PROJECT_ROOT, 'shipshape.config.yaml'), 'utf8'))
			.replace('repo: test/fixtures/sample-org/monorepo', 'repo: monorepo')
			.replaceAll(' test/fixtures/', ` ${PROJECT_ROOT}test/fixtures/`);
		await writeFile(path.join(repo, 'shipshape.config.yaml'), config);
		// `.shipshape/` as `init` ignores it: the page cache lives there, kept by CI's cache, not by git.
		await writeFile(path.join(repo, '.gitignore'), '.bin/\ndist/\n.shipshape/\n.shipshape-reports/\n*.txt\n*.md\n!monorepo/**\n');
		git(repo, ['add', '-A']);
		git(repo, ['commit', '-q', '-m', 'Adopt Shipshape']);
	}, 60_000);

	it('scheduled: collects, builds with a versioned report and commits the catalog with the readiness changes', async () => {
		const workflow = await template<GitHubWorkflow>('github-scheduled.yml');
		for (const name of ['Collect', 'Build the site', 'Commit catalog changes']) {
			const result = runStep(stepNamed(workflow, 'build', name));
			expect(result.status, `${name}: ${result.stderr}`).toBe(0);
		}

		const message = git(repo, ['log', '-1', '--format=%B']);
		expect(message).toMatch(/^Readiness: catalog and scores of \d{4}-\d{2}-\d{2}\n\nCatalog changes from HEAD to working tree:\n/);
		expect(message).toMatch(/\n\nReadiness changes from HEAD to working tree:\n/);
		expect(git(repo, ['show', '--name-only', '--format=', 'HEAD'])).toContain('catalog/snapshot.json');
		expect(await readdir(path.join(repo, '.shipshape-reports'))).toHaveLength(1);
		expect(await readFile(path.join(repo, 'dist/index.html'), 'utf8')).toContain('Production readiness');
		expect(git(repo, ['status', '--porcelain'])).toBe('');
		// What the cache steps keep for the next run is where the build wrote it: a page per service.
		const cacheSteps = workflow.jobs.build!.steps.filter((step) => step.uses?.startsWith('actions/cache/'));
		const cached = cacheSteps.map((step) => String(step.with?.path).trim().split('\n'));
		expect(cached).toEqual([['.shipshape-reports', '.shipshape/pages', '.shipshape/history'], ['.shipshape-reports', '.shipshape/pages', '.shipshape/history']]);
		expect((await readdir(path.join(repo, '.shipshape/pages/services'))).length).toBe((await readdir(path.join(repo, 'catalog/services'))).length);
	}, 240_000);

	it('pull request: comments with the readiness diff and gates only the touched services', async () => {
		const workflow = await template<GitHubWorkflow>('github-pull-request.yml');
		const base = git(repo, ['rev-parse', 'HEAD']).trim();
		git(repo, ['checkout', '-q', '-b', 'change']);
		await writeFile(path.join(repo, 'monorepo/services/ledger/NOTES.md'), 'Ledger notes.\n');
		git(repo, ['add', '-f', 'monorepo/services/ledger/NOTES.md']);
		git(repo, ['commit', '-q', '-m', 'Touch the ledger']);

		const comment = runStep(stepNamed(workflow, 'gate', 'Readiness comment'), { BASE_SHA: base });
		const bronzeGate = runStep(stepNamed(workflow, 'gate', 'Gate the services this pull request touches'), { BASE_SHA: base, MIN_LEVEL: 'bronze' });

		expect(comment.status, comment.stderr).toBe(0);
		const commentText = await readFile(path.join(repo, 'readiness-comment.md'), 'utf8');
		expect(commentText).toMatch(/^### Catalog changes: [0-9a-f]{40} → working tree\n/);
		expect(commentText).toMatch(/\n### Production readiness: [0-9a-f]{40} → working tree\n/);
		expect(await readFile(path.join(repo, 'touched-services.txt'), 'utf8')).toBe('ledger\n');
		// The ledger is below Bronze: the gate fails and says why.
		expect(bronzeGate.status).toBe(1);
		expect(bronzeGate.stdout).toContain('ledger');
	}, 120_000);
});
