// Shipshape as a user gets it: `npm pack`, then `npm install --offline` of the tarball into a fresh
// monorepo (the npm cache that `npm ci` filled serves the dependencies), node_modules read-only,
// and the documented path run there with npx: --version, init, collect, build, check.
import { execFileSync, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, cp, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, initRepository } from '../support/git.ts';
import { asUnprivilegedUser, NOBODY, openPathTo, PROJECT_ROOT, tempDirectory, writeTree } from '../support/temp.ts';

const runAsUser = process.getuid?.() === 0;

/** A small monorepo shaped like real ones: two services, a shared lib, CODEOWNERS, CI and a manifest. */
const MONOREPO: Record<string, string> = {
	'README.md': '# Acme shop\n',
	'.github/CODEOWNERS': '# Each team owns its services.\n* @acme/platform\n/services/checkout/ @acme/storefront\n/services/payments/ @acme/payments\n',
	'.github/workflows/ci.yml': 'name: ci\non:\n  pull_request:\n    paths: [services/**]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make test\n',
	'services/checkout/service.yaml': 'name: checkout\nowner: storefront\ntier: 1\npii: true\nrunbook: https://runbooks.acme.example/checkout\n',
	'services/checkout/README.md': '# checkout\nThe basket and the order form.\n',
	'services/checkout/package.json': JSON.stringify({ name: 'checkout', private: true, dependencies: { express: '^4.21.0' } }, null, 2),
	'services/checkout/src/server.js': "import express from 'express';\nexpress().listen(8080);\n",
	'services/checkout/test/server.test.js': "import { test } from 'node:test';\ntest('starts', () => {});\n",
	'services/checkout/Dockerfile': 'FROM node:22.11.0-alpine AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci\n\nFROM node:22.11.0-alpine\nUSER node\nCOPY --from=build /app /app\nCMD ["node", "/app/src/server.js"]\n',
	'services/payments/go.mod': 'module github.com/acme/shop/payments\n\ngo 1.22\n',
	'services/payments/main.go': 'package main\n\nfunc main() {}\n',
	'services/payments/Dockerfile': 'FROM golang:1.22 AS build\nCOPY . .\nRUN go build -o /payments\n\nFROM gcr.io/distroless/base\nCOPY --from=build /payments /payments\nENTRYPOINT ["/payments"]\n',
	'libs/money/money.go': 'package money\n',
	'deploy/k8s/checkout.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: checkout\n  labels: { app: checkout }\nspec:\n  replicas: 2\n  selector: { matchLabels: { app: checkout } }\n  template:\n    metadata:\n      labels: { app: checkout }\n      annotations: { co.elastic.logs/enabled: "true" }\n    spec:\n      containers:\n        - name: app\n          image: registry.acme.example/checkout:1.4.2\n',
};

let repo: string;
let tarball: string;
let modulesBefore: string[];

/**
 * A lockfile for the user's repository from Shipshape's own: its production dependencies at the
 * versions this repository tested, and Shipshape itself from the tarball. `npm install --offline`
 * then needs only tarballs, which the npm cache holds after `npm ci`.
 */
async function userLockfile(tarballSpec: string): Promise<string> {
	const lock = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, Record<string, unknown>> };
	const own = lock.packages['']!;
	const packages: Record<string, unknown> = {
		'': { name: 'acme-shop', devDependencies: { shipshape: tarballSpec } },
		'node_modules/shipshape': { version: own.version, resolved: tarballSpec, dev: true, license: own.license, dependencies: own.dependencies, bin: own.bin, engines: own.engines },
	};
	for (const [location, entry] of Object.entries(lock.packages)) {
		if (location !== '' && entry.dev !== true) packages[location] = { ...entry, dev: true };
	}
	return JSON.stringify({ name: 'acme-shop', lockfileVersion: 3, requires: true, packages }, null, 2);
}

/** Every path under node_modules with its size and modification time, to prove nothing was written there. */
async function modulesSnapshot(): Promise<string[]> {
	const entries = await readdir(path.join(repo, 'node_modules'), { recursive: true, withFileTypes: true });
	const lines = await Promise.all(entries.map(async (entry) => {
		const file = path.join(entry.parentPath, entry.name);
		const info = await stat(file).catch(() => null);
		return `${path.relative(repo, file)} ${info?.size ?? '-'} ${info?.mtimeMs ?? '-'}`;
	}));
	return lines.sort();
}

function npx(args: string[]) {
	const options: SpawnSyncOptions = {
		cwd: repo,
		encoding: 'utf8',
		// The user's repository has no `node` devDependency: the Node on PATH is the one the user has.
		env: { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}`, HOME: path.join(repo, '.home'), npm_config_cache: path.join(repo, '.home/npm'), GITHUB_TOKEN: '', FORCE_COLOR: '0' },
		...asUnprivilegedUser(),
	};
	const result = spawnSync('npx', ['--offline', 'shipshape', ...args], options);
	return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

beforeAll(async () => {
	const work = await tempDirectory('package-');
	execFileSync('npm', ['pack', '--pack-destination', work, '--silent'], { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	tarball = path.join(work, (await readdir(work)).find((name) => name.endsWith('.tgz'))!);
	repo = path.join(work, 'acme-shop');
	await mkdir(repo);
	await writeTree(repo, MONOREPO);
	initRepository(repo);
	git(repo, ['remote', 'add', 'origin', 'git@github.com:acme/shop.git']);
	git(repo, ['add', '-A']);
	git(repo, ['commit', '-q', '-m', 'Acme shop']);
	await writeFile(path.join(repo, 'package.json'), JSON.stringify({ name: 'acme-shop', private: true, devDependencies: { shipshape: `file:${tarball}` } }, null, 2));
	await writeFile(path.join(repo, 'package-lock.json'), await userLockfile(`file:${tarball}`));
	execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: repo, encoding: 'utf8', env: { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}` } });

	// node_modules read-only; as root (CI) that binds nobody, so the commands run as an ordinary user.
	await mkdir(path.join(repo, '.home'), { recursive: true });
	if (runAsUser) {
		await openPathTo(work);
		execFileSync('chown', ['-R', `${NOBODY}:${NOBODY}`, repo]);
		execFileSync('chown', ['-R', '0:0', path.join(repo, 'node_modules')]);
	}
	execFileSync('chmod', ['-R', 'a-w', path.join(repo, 'node_modules')]);
	modulesBefore = await modulesSnapshot();
}, 240_000);

afterAll(async () => {
	if (repo !== undefined && existsSync(path.join(repo, 'node_modules'))) execFileSync('chmod', ['-R', 'u+w', path.join(repo, 'node_modules')]);
	if (runAsUser && repo !== undefined) await chown(repo, 0, 0).catch(() => undefined);
});

describe('the installed package', () => {
	it('ships what users need and nothing else', async () => {
		const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);

		expect(listing).toEqual(expect.arrayContaining(['package/build/src/cli/main.js', 'package/src/cli/shipshape.mjs', 'package/src/pages/index.astro', 'package/rubrics/checks/has-owner.yaml', 'package/rubrics/overlay.schema.json', 'package/catalog/schema/json/config.schema.json', 'package/src/templates/ci/github-scheduled.yml', 'package/src/templates/ci/github-many-repositories.yml', 'package/build/catalog/merge/index.js', 'package/collectors/k8s-manifests/README.md', 'package/README.md', 'package/LICENSE']));
		expect(listing.filter((file) => /^package\/(test|catalog\/services|catalog\/teams|\.ci|dist)\//.test(file) || /\.test\.ts$/.test(file))).toEqual([]);
		expect(JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })).private).toBeUndefined();
	});

	it('runs the documented path from a read-only node_modules, writing nothing there', async () => {
		const version = npx(['--version']);
		const init = npx(['init', '--ci', 'github']);
		const collect = npx(['collect']);
		const build = npx(['build', '--quiet']);
		const pass = npx(['check', '--service', 'checkout', '--min-level', 'bronze']);
		const fail = npx(['check', '--service', 'payments', '--min-level', 'gold']);

		expect(version.stdout.trim()).toBe(JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).version);
		expect(init.status, init.stderr).toBe(0);
		expect(init.stdout).toContain('wrote shipshape.config.yaml');
		expect(init.stdout).toContain('wrote shipshape/rubric.yaml');
		expect(init.stdout).toContain('wrote .github/workflows/shipshape-readiness.yml');
		expect(init.stdout).toContain('Next: npx shipshape collect');
		expect(collect.status, collect.stderr).toBe(0);
		expect(collect.stdout).toMatch(/^Collected 2 services and \d+ teams into catalog/);
		expect(build.status, build.stderr).toBe(0);
		expect(existsSync(path.join(repo, 'dist/services/checkout/index.html'))).toBe(true);
		expect(existsSync(path.join(repo, 'dist/services/payments/index.html'))).toBe(true);
		expect(pass.status, pass.stdout + pass.stderr).toBe(0);
		expect(fail.status, fail.stdout + fail.stderr).toBe(1);
		expect(fail.stdout).toMatch(/^payments is (below every level|bronze|silver), below gold\. \d+ check\(s\) block it:\n/);
		expect(await modulesSnapshot()).toEqual(modulesBefore);
		const overview = await readFile(path.join(repo, 'dist/index.html'), 'utf8');
		expect(overview).toMatch(/<h2 id="not-measured">Not measured<\/h2>/);
		expect(overview).toMatch(/<strong>the GitHub API<\/strong>: no GITHUB_TOKEN[^<]*Set GITHUB_TOKEN.*?Leaves unknown: <a href="\/checks\/branch-protected\/">/);
		expect(await readFile(path.join(repo, 'dist/checks/index.html'), 'utf8')).toContain('unknown blocks a level just as a failure does');
	}, 180_000);

	it('collects a fragment of the repository and merges it, from the installed package', () => {
		const fragment = npx(['collect', '--fragment', '--offline', '--quiet']);
		const merge = npx(['merge', 'fragments', '--catalog', 'merged']);

		expect(fragment.status, fragment.stderr).toBe(0);
		expect(fragment.stdout).toMatch(/^Collected 2 services and \d+ teams into fragments\/acme-shop \(a fragment of acme\/shop at [0-9a-f]{12}\)/);
		expect(merge.status, merge.stderr).toBe(0);
		expect(merge.stdout).toMatch(/^Merged 1 repositories into merged: 2 services \(1 from fragments, 0 kept from the previous catalog\)\./);
	}, 60_000);

	it('wrote a configuration and a rubric overlay that fit the repository', async () => {
		const config = await readFile(path.join(repo, 'shipshape.config.yaml'), 'utf8');
		const overlay = await readFile(path.join(repo, 'shipshape/rubric.yaml'), 'utf8');

		expect(config).toContain('# yaml-language-server: $schema=./node_modules/shipshape/catalog/schema/json/config.schema.json');
		expect(config).toContain('repository: acme/shop');
		expect(config).toMatch(/- id: storefront\n {4}aliases: \['@acme\/storefront'\]/);
		expect(overlay).toContain('# yaml-language-server: $schema=../node_modules/shipshape/rubrics/overlay.schema.json');
		expect(overlay).toContain('  - backups-enabled   # needs AWS tagging and Config exports or Terraform state\n');
		expect(overlay).toMatch(/^# {3}Terraform state: Put Terraform state files .* in the inventory directory\.$/m);
		expect(overlay).toContain('#   (the inventory directory is the one `inventory:` names in shipshape.config.yaml)');
		expect(overlay).not.toContain('has-multiple-replicas   #');
		expect(await readFile(path.join(repo, '.gitignore'), 'utf8')).toContain('.shipshape/');
		expect(await readFile(path.join(repo, '.gitattributes'), 'utf8')).toContain('catalog/services/*.json linguist-generated=true');
	});

	it("runs the user's own collector and evaluator plugins, documents them, and names a bad one", async () => {
		await cp(path.join(PROJECT_ROOT, 'test/fixtures/plugins'), path.join(repo, 'shipshape/plugins'), { recursive: true });
		await writeTree(repo, {
			'ops/exports/oncall.json': JSON.stringify([{ service: 'checkout', rotation: 'storefront-primary', escalationMinutes: 10 }, { service: 'payments', rotation: 'payments-primary', escalationMinutes: 30 }]),
			'shipshape/checks/has-on-call-rotation.yaml': 'id: has-on-call-rotation\nname: Has an on-call rotation\nlevel: silver\ncategory: observability\ndescription: Someone answers the page.\nremediation: Add the service to a rotation in the on-call tool.\nfact: oncall-export.rotation\nexpect: { op: exists }\n',
			'shipshape/checks/escalates-quickly.yaml': 'id: escalates-quickly\nname: Pages escalate quickly\nlevel: gold\ncategory: observability\ndescription: An unanswered page reaches someone else soon.\nremediation: Shorten the escalation delay.\nevaluator: escalates-quickly\noptions: { maxMinutes: 15 }\n',
		});
		const config = await readFile(path.join(repo, 'shipshape.config.yaml'), 'utf8');
		const withPlugins = `${config}plugins:\n  - ./shipshape/plugins/oncall-export.mjs\n  - ./shipshape/plugins/escalates-quickly.mjs\n`;
		await writeFile(path.join(repo, 'shipshape.config.yaml'), `${withPlugins}collectors:\n  oncall-export:\n    file: ops/exports/oncall.json\n`);
		const overlay = await readFile(path.join(repo, 'shipshape/rubric.yaml'), 'utf8');
		await writeFile(path.join(repo, 'shipshape/rubric.yaml'), overlay.replace('# checks: ./checks', 'checks: ./checks'));
		if (runAsUser) execFileSync('chown', ['-R', `${NOBODY}:${NOBODY}`, path.join(repo, 'shipshape'), path.join(repo, 'ops'), path.join(repo, 'shipshape.config.yaml')]);

		const collect = npx(['collect', '--quiet']);
		const score = npx(['score', '--format', 'json']);
		await writeFile(path.join(repo, 'shipshape.config.yaml'), `${withPlugins}collectors:\n  oncall-export:\n    file: 3\n  pagerduty: {}\n`);
		const badSettings = npx(['collect', '--quiet']);
		await writeFile(path.join(repo, 'shipshape.config.yaml'), `${withPlugins}collectors:\n  oncall-export:\n    file: ops/exports/oncall.json\n`);
		const build = npx(['build', '--quiet']);

		expect(collect.status, collect.stderr).toBe(0);
		expect(JSON.parse(await readFile(path.join(repo, 'catalog/services/checkout.json'), 'utf8')).facts['oncall-export']).toEqual({ rotation: 'storefront-primary', escalationMinutes: 10 });
		expect(badSettings.status).toBe(2);
		expect(badSettings.stderr).toMatch(/collectors\.pagerduty: no collector has this id; use one of .*oncall-export/);
		expect(badSettings.stderr).toMatch(/collectors\.oncall-export\.file: Invalid input: expected string, received number\./);
		const outcome = (service: string, check: string) => (JSON.parse(score.stdout) as { services: { id: string; checks: { id: string; outcome: string; message: string }[] }[] }).services.find((entry) => entry.id === service)!.checks.find((entry) => entry.id === check);
		expect(outcome('checkout', 'has-on-call-rotation')?.outcome).toBe('pass');
		expect(outcome('checkout', 'escalates-quickly')).toMatchObject({ outcome: 'pass', message: 'Pages escalate after 10 minutes (the limit is 15).' });
		expect(outcome('payments', 'escalates-quickly')).toMatchObject({ outcome: 'fail', message: 'Pages escalate only after 30 minutes; the limit is 15.' });
		expect(build.status, build.stderr).toBe(0);
		const page = await readFile(path.join(repo, 'dist/collectors/oncall-export/index.html'), 'utf8');
		expect(page).toContain('<code>oncall-export.escalationMinutes</code>');
		expect(page).toContain('Reads <code>ops/oncall.json</code>.');

		await writeFile(path.join(repo, 'shipshape/plugins/escalates-quickly.mjs'), (await readFile(path.join(repo, 'shipshape/plugins/escalates-quickly.mjs'), 'utf8')).replace("const minutes = facts.get('oncall-export.escalationMinutes');", "throw new Error('the policy service is down');"));
		const broken = npx(['score', '--format', 'json']);
		expect(broken.status).toBe(0);
		expect(JSON.parse(broken.stdout).services.find((entry: { id: string }) => entry.id === 'checkout').checks.find((entry: { id: string }) => entry.id === 'escalates-quickly')).toMatchObject({ outcome: 'error', message: 'Evaluator "escalates-quickly" failed: the policy service is down' });

		await writeFile(path.join(repo, 'shipshape/plugins/clash.mjs'), "import { defineCollector, z } from 'shipshape/plugin';\nexport default defineCollector({ id: 'github', version: 0, description: 'x', source: 'x', howToEnable: 'x', facts: z.object({}), async collect() { return { facts: new Map(), problems: [] }; } });\n");
		await writeFile(path.join(repo, 'shipshape.config.yaml'), `${config}plugins:\n  - ./shipshape/plugins/clash.mjs\n  - ./shipshape/plugins/missing.mjs\n`);
		if (runAsUser) execFileSync('chown', ['-R', `${NOBODY}:${NOBODY}`, path.join(repo, 'shipshape')]);
		const clash = npx(['collect', '--quiet']);
		expect(clash.status).toBe(2);
		expect(clash.stderr).toContain('plugin ./shipshape/plugins/clash.mjs');
		expect(clash.stderr).toContain('id "github" is already a collector\'s; facts are namespaced by id, so pick another.');
		expect(clash.stderr).toContain('version must be a positive integer');
		expect(clash.stderr).toMatch(/plugin \.\/shipshape\/plugins\/missing\.mjs: not found/);
		await writeFile(path.join(repo, 'shipshape.config.yaml'), config);
	}, 180_000);

	it('says what to install on a Node that is too old', () => {
		const old = ['/usr/bin/node', '/usr/local/bin/node'].find((candidate) => existsSync(candidate) && Number(execFileSync(candidate, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' })) < 22);
		if (old === undefined) return;

		const result = spawnSync(old, [path.join(repo, 'node_modules/shipshape/src/cli/shipshape.mjs'), '--version'], { encoding: 'utf8' });

		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(/Shipshape needs Node 22\.12 or newer \(Node 24 LTS recommended\)\.\nHint: install it/);
	});
});
