// Discovery tried as a new user would, on monorepos shaped like public multi-service projects:
// one service per directory under src/ with Skaffold and Kubernetes (microservices-demo), services
// tied together only by a Compose file (example-voting-app), and several services sharing one
// Dockerfile. File layouts follow those projects; contents are small stand-ins.
import { describe, expect, it } from 'vitest';
import { discoverServices } from '../../../collectors/discovery/index.ts';
import { listFiles, readFileSafely } from '../../../collectors/lib/files.ts';
import type { Logger } from '../../../collectors/types.ts';
import { DEFAULT_DISCOVERY, type DiscoverySettings } from '../../../src/lib/config/load.ts';
import type { TeamConfig } from '../../../src/lib/config/schema.ts';
import { commit, initRepository } from '../../support/git.ts';
import { tempDirectory, writeTree } from '../../support/temp.ts';

const NOW = new Date('2026-12-01T00:00:00Z');
const silent: Logger = { info() {}, warn() {}, progress() {} };

async function discover(files: Record<string, string>, options: { settings?: Partial<DiscoverySettings>; teams?: TeamConfig[]; root?: string } = {}) {
	const root = options.root ?? (await tempDirectory('shape-'));
	await writeTree(root, files);
	const repoFiles = await listFiles(root);
	return discoverServices({ repoRoot: root, repoFiles, teams: options.teams ?? [], settings: { ...DEFAULT_DISCOVERY, ...options.settings }, readFile: readFileSafely, log: silent, now: NOW });
}

const go = 'package main\n\nfunc main() {}\n';
const deployment = (name: string, image: string, env = '') => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n        - name: server\n          image: ${image}\n${env}`;

describe('one service per directory under src/ (microservices-demo)', () => {
	const files = {
		'README.md': '# Online Boutique\n',
		'.github/CODEOWNERS': '* @boutique/maintainers\n/src/frontend/ @boutique/web\n',
		'.github/workflows/ci-main.yaml': 'name: ci\non: { push: { branches: [main] } }\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test ./src/frontend/...\n',
		'src/adservice/Dockerfile': 'FROM eclipse-temurin:21\n',
		'src/adservice/build.gradle': "plugins { id 'java' }\n",
		'src/adservice/src/main/java/hipstershop/AdService.java': 'package hipstershop;\npublic final class AdService {}\n',
		'src/cartservice/src/Dockerfile': 'FROM mcr.microsoft.com/dotnet/sdk:8.0\n',
		'src/cartservice/src/cartservice.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>\n',
		'src/cartservice/src/CartServiceImpl.cs': 'namespace cartservice { public class CartServiceImpl {} }\n',
		'src/cartservice/tests/CartServiceTests.cs': 'public class CartServiceTests {}\n',
		'src/checkoutservice/Dockerfile': 'FROM golang:1.22\n',
		'src/checkoutservice/go.mod': 'module checkoutservice\n\ngo 1.22\n',
		'src/checkoutservice/main.go': go,
		'src/currencyservice/Dockerfile': 'FROM node:20\n',
		'src/currencyservice/package.json': '{ "name": "currencyservice", "dependencies": { "express": "^4.18.0" } }\n',
		'src/currencyservice/server.js': "const express = require('express');\nexpress().listen(7000);\n",
		'src/emailservice/Dockerfile': 'FROM python:3.12-slim\n',
		'src/emailservice/requirements.txt': 'grpcio==1.64.1\n',
		'src/emailservice/email_server.py': 'def send():\n    return True\n',
		'src/frontend/Dockerfile': 'FROM golang:1.22\n',
		'src/frontend/go.mod': 'module frontend\n\ngo 1.22\n',
		'src/frontend/main.go': go,
		'src/loadgenerator/Dockerfile': 'FROM python:3.12-slim\n',
		'src/loadgenerator/locustfile.py': 'class WebsiteUser:\n    pass\n',
		'protos/demo.proto': 'syntax = "proto3";\n',
		'kubernetes-manifests/frontend.yaml': deployment('frontend', 'frontend', '          env:\n            - name: CHECKOUT_SERVICE_ADDR\n              value: "checkoutservice:5050"\n'),
		'kubernetes-manifests/checkoutservice.yaml': deployment('checkoutservice', 'checkoutservice', '          env:\n            - name: CART_SERVICE_ADDR\n              value: "cartservice:7070"\n'),
		'kubernetes-manifests/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [frontend.yaml, checkoutservice.yaml]\n',
		'helm-chart/Chart.yaml': 'apiVersion: v2\nname: onlineboutique\nversion: 0.10.0\n',
		'helm-chart/templates/frontend.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Values.frontend.name }}\n',
		'skaffold.yaml': 'apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: cartservice\n      context: src/cartservice/src\n    - image: frontend\n      context: src/frontend\n',
		'docs/img/architecture-diagram.png': 'not really a png',
	};

	it('finds every service with its primary language, and no configuration-only directory', async () => {
		const result = await discover(files);

		expect(result.services.map((service) => [service.id, service.path, service.language, service.registered])).toEqual([
			['adservice', 'src/adservice', 'Java', false],
			['cartservice', 'src/cartservice', 'C#', false],
			['checkoutservice', 'src/checkoutservice', 'Go', false],
			['currencyservice', 'src/currencyservice', 'JavaScript', false],
			['emailservice', 'src/emailservice', 'Python', false],
			['frontend', 'src/frontend', 'Go', false],
			['loadgenerator', 'src/loadgenerator', 'Python', false],
		]);
	});

	it('resolves owners with CODEOWNERS and dependencies from manifest env values', async () => {
		const result = await discover(files);
		const byId = new Map(result.services.map((service) => [service.id, service]));

		expect(byId.get('frontend')).toMatchObject({ owner: 'web', ownerSource: 'codeowners', dependsOn: ['checkoutservice'] });
		expect(byId.get('adservice')).toMatchObject({ owner: 'maintainers', ownerSource: 'codeowners' });
		expect(byId.get('checkoutservice')?.dependsOn).toEqual(['cartservice']);
		expect(result.results.unlinkedDeployments).toEqual([expect.objectContaining({ name: 'onlineboutique', kind: 'Helm chart' })]);
	});
});

describe('services tied together only by a Compose file (example-voting-app)', () => {
	const files = {
		'docker-compose.yml': 'services:\n  vote:\n    build: ./vote\n    depends_on: [redis]\n  result:\n    build: ./result\n    environment:\n      - PG_URL=postgres://postgres:postgres@db/postgres\n  worker:\n    build:\n      context: ./worker\n    depends_on: [redis, db]\n  seed:\n    build: ./seed-data\n    depends_on: [vote]\n  redis:\n    image: redis:alpine\n  db:\n    image: postgres:15-alpine\n',
		'vote/app.py': 'from flask import Flask\napp = Flask(__name__)\n',
		'vote/requirements.txt': 'Flask==3.0.3\nredis==5.0.4\n',
		'result/server.js': "const express = require('express');\n",
		'result/package.json': '{ "name": "result", "dependencies": { "express": "^4.19.2" } }\n',
		'worker/Program.cs': 'namespace Worker { public class Program {} }\n',
		'worker/Worker.csproj': '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net7.0</TargetFramework></PropertyGroup></Project>\n',
		'seed-data/make-data.py': 'print("seed")\n',
		'healthchecks/postgres.sh': '#!/bin/sh\npg_isready\n',
		'healthchecks/redis.sh': '#!/bin/sh\nredis-cli ping\n',
	};

	it('finds each build context as a service, with its Compose name and dependencies', async () => {
		const result = await discover(files);

		expect(result.services.map((service) => [service.id, service.language, service.aliases, service.dependsOn])).toEqual([
			['result', 'JavaScript', [], []],
			['seed', 'Python', ['seed-data'], ['vote']],
			['vote', 'Python', [], []],
			['worker', 'C#', [], []],
		]);
		expect(result.services.every((service) => !service.registered)).toBe(true);
	});
});

describe('several services sharing one Dockerfile', () => {
	const files = {
		Dockerfile: 'FROM python:3.12-slim\nCOPY . /app\n',
		'pyproject.toml': '[project]\nname = "shop"\ndependencies = ["django>=5.0", "celery>=5.3"]\n',
		'shop/__init__.py': '',
		'shop/web.py': 'def app():\n    return "ok"\n',
		'shop/tasks.py': 'def task():\n    return 1\n',
		'docker-compose.yml': 'services:\n  web:\n    build: .\n    command: gunicorn shop.web:app\n  worker:\n    build: .\n    command: celery -A shop worker\n  beat:\n    build: .\n    command: celery -A shop beat\n  redis:\n    image: redis:7\n',
	};

	it('gives each Compose service its own record sharing the code', async () => {
		const result = await discover(files);

		expect(result.services.map((service) => [service.id, service.path, service.language])).toEqual([
			['beat', '.', 'Python'],
			['web', '.', 'Python'],
			['worker', '.', 'Python'],
		]);
		expect(result.serviceFiles.get('web')).toEqual(result.serviceFiles.get('worker'));
	});
});

describe('discovery settings and ownership', () => {
	it('honours include/exclude globs and explicit roots', async () => {
		const result = await discover(
			{ 'a/Dockerfile': 'FROM x:1\n', 'a/main.go': go, 'b/Dockerfile': 'FROM x:1\n', 'b/main.go': go, 'experiments/c/Dockerfile': 'FROM x:1\n', 'experiments/c/main.go': go, 'tools/cli/main.go': go },
			{ settings: { exclude: ['experiments/**'], roots: [{ path: 'tools/cli', name: 'Release CLI', owner: 'platform' }] } },
		);

		expect(result.services.map((service) => [service.id, service.registered, service.owner])).toEqual([
			['a', false, null],
			['b', false, null],
			['release-cli', true, 'platform'],
		]);
	});

	it('records a conflict when the descriptor and CODEOWNERS disagree, and keeps both owners', async () => {
		const result = await discover(
			{ '.github/CODEOWNERS': '/svc/ @acme/storefront\n', 'svc/service.yaml': 'name: svc\nowner: payments\n', 'svc/main.go': go },
			{ teams: [{ id: 'payments' }, { id: 'storefront' }] },
		);

		expect(result.services[0]).toMatchObject({ owner: 'payments', owners: ['payments', 'storefront'], ownerSource: 'descriptor' });
		expect(result.results.ownershipConflicts).toEqual([{ service: 'svc', descriptorOwner: 'payments', codeownersOwners: ['storefront'], codeownersFile: '.github/CODEOWNERS' }]);
	});

	it('never merges nor renames two declared services with one id: the first is catalogued, the clash is reported', async () => {
		const result = await discover({ 'a/service.yaml': 'name: payments-api\n', 'b/catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: PaymentsAPI }\nspec: { owner: x }\n' });

		expect(result.services.map((service) => [service.id, service.path])).toEqual([['payments-api', 'a']]);
		expect(result.results.idClashes).toEqual([
			expect.objectContaining({ id: 'payments-api', candidates: [expect.objectContaining({ path: 'a' }), expect.objectContaining({ path: 'b' })], resolve: expect.stringContaining('name:') }),
		]);
		expect(result.problems).toEqual([expect.objectContaining({ serviceId: null, file: 'b/catalog-info.yaml', message: expect.stringContaining('a/service.yaml') })]);
	});

	it('suggests owners from the history of the repository, via team members', async () => {
		const root = await tempDirectory('history-shape-');
		initRepository(root);
		await commit(root, { author: 'Ana Costa', email: 'ana@acme.example', date: '2026-11-01T10:00:00Z', files: { 'billing/service.yaml': 'name: billing\n', 'billing/main.go': go } });
		await commit(root, { author: 'Ana Costa', email: 'ana@acme.example', date: '2026-11-02T10:00:00Z', files: { 'billing/more.go': go } });
		await commit(root, { author: 'Chen Wei', email: 'chen@acme.example', date: '2026-11-03T10:00:00Z', files: { 'billing/fix.go': go } });

		const result = await discover({}, { root, teams: [{ id: 'payments', members: ['ana@acme.example'] }] });

		expect(result.services[0]?.owner).toBeNull();
		expect(result.services[0]?.suggestedOwners).toEqual([
			{ owner: 'payments', confidence: 0.67, reason: '67% of 3 commits in the last 365 days' },
			{ owner: 'chen@acme.example', confidence: 0.33, reason: '33% of 3 commits in the last 365 days' },
		]);
		expect(result.results.history).toEqual({ status: 'ok', detail: '3 commits in the last 365 days (at most 5000)' });
		expect(result.services[0]?.changes).toMatchObject({
			repositoryUrl: null,
			lastChange: { date: '2026-11-03T10:00:00.000Z', commit: expect.stringMatching(/^[0-9a-f]{40}$/) },
			commits30d: 3,
			commits90d: 3,
			contributors: [{ name: 'Ana Costa', commits: 2 }, { name: 'Chen Wei', commits: 1 }],
			recent: [expect.objectContaining({ author: 'Chen Wei', date: '2026-11-03T10:00:00.000Z' }), expect.objectContaining({ author: 'Ana Costa' }), expect.objectContaining({ author: 'Ana Costa' })],
		});
	});

	it('records no past changes outside git, and says why', async () => {
		const result = await discover({ 'billing/service.yaml': 'name: billing\n', 'billing/main.go': go });

		expect(result.services[0]?.changes).toBeNull();
		expect(result.results.history).toEqual({ status: 'skipped', detail: 'not a git repository' });
	});
});

describe('a GitLab monorepo', () => {
	const files = {
		'.gitlab-ci.yml': 'stages: [test]\ntest-orders:\n  stage: test\n  script: [make -C services/orders test]\n',
		'.gitlab/CODEOWNERS': '[Backend] @shop/backend\n/services/\n\n^[Payments]\n/services/payments/ @shop/payments\n',
		'.github/CODEOWNERS': '* @someone-else\n',
		'services/orders/Dockerfile': 'FROM golang:1.22\n',
		'services/orders/main.go': go,
		'services/payments/Dockerfile': 'FROM golang:1.22\n',
		'services/payments/main.go': go,
	};

	it.each<[string, Partial<DiscoverySettings>, Record<string, string[]>]>([
		['reads .gitlab/CODEOWNERS with GitLab semantics when the repository has GitLab CI', {}, { orders: ['backend'], payments: ['backend', 'payments'] }],
		['reads GitHub locations with GitHub semantics when configured so', { codeownersDialect: 'github' }, { orders: ['@someone-else'], payments: ['@someone-else'] }],
	])('%s', async (_name, settings, owners) => {
		const { services } = await discover(files, { settings });

		expect(Object.fromEntries(services.map((service) => [service.id, service.owners]))).toEqual(owners);
	});
});

describe('teams from the handles people already keep', () => {
	it('makes one team of `payments`, `group:default/payments` and `@acme/payments`, with the handle as alias and no conflict', async () => {
		const root = await tempDirectory('teams-');
		await writeTree(root, {
			'.github/CODEOWNERS': '/billing/ @acme/payments\n/search/ @acme/discovery @alice\n',
			'billing/service.yaml': 'name: billing\nowner: payments\n',
			'billing/main.go': go,
			'search/catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: search }\nspec: { owner: "group:default/discovery" }\n',
			'search/main.go': go,
		});
		const result = await discover({}, { root });
		const byId = new Map(result.services.map((service) => [service.id, service]));

		expect(byId.get('billing')).toMatchObject({ owner: 'payments', owners: ['payments'] });
		expect(byId.get('search')).toMatchObject({ owner: 'discovery', owners: ['discovery', '@alice'] });
		expect(result.results.ownershipConflicts).toEqual([]);
		expect(Object.fromEntries([...result.teamHandles].map(([team, handles]) => [team, [...handles]]))).toEqual({ payments: ['@acme/payments'], discovery: ['@acme/discovery'] });
	});
});
