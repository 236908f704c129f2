// GitLab CI feeds the same CI facts as GitHub Actions: which services a job builds or tests, and
// whether the pipeline scans their images.
import { expectGolden } from '../support/golden.ts';
import path from 'node:path';
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseGitlabCi, readGitlabPipeline } from '../../collectors/repo-files/gitlab-ci.ts';
import { workflowReference } from '../../collectors/repo-files/workflows.ts';
import { runCollection } from '../../collectors/run.ts';
import type { Logger } from '../../collectors/types.ts';
import { resolveSettings } from '../../src/lib/config/load.ts';
import { PROJECT_ROOT, tempDirectory, writeTree } from '../support/temp.ts';

// Shaped like real GitLab monorepos: templates via extends, hidden jobs, rules with changes, a
// child file per service, Kaniko builds and GitLab's Container-Scanning template.
const ROOT = `stages: [test, build]
include:
  - template: Jobs/Container-Scanning.gitlab-ci.yml
  - local: ci/payments.gitlab-ci.yml
  - project: acme/ci-templates
    file: /go.yml
variables:
  GO_VERSION: "1.22"
.go-test:
  image: golang:1.22
  script: [go test ./...]
orders:test:
  extends: .go-test
  stage: test
  script:
    - cd services/orders
    - go test ./...
  rules:
    - changes: [services/orders/**/*]
orders:image:
  stage: build
  image: { name: gcr.io/kaniko-project/executor:debug, entrypoint: [""] }
  script:
    - /kaniko/executor --context services/orders --dockerfile services/orders/Dockerfile --destination $CI_REGISTRY_IMAGE/orders
  only:
    changes: [services/orders/**/*]
docs:
  script: [make docs]
`;
const PAYMENTS = `payments:test:
  stage: test
  script: [pytest services/payments]
  rules:
    - changes:
        paths: [services/payments/**/*]
`;

describe('parseGitlabCi', () => {
	it('turns each job into a workflow summary, skipping hidden jobs and pipeline keys', () => {
		const parsed = parseGitlabCi('.gitlab-ci.yml', ROOT);

		expect(parsed.jobs.map((job) => job.name)).toEqual(['orders:test', 'orders:image', 'docs']);
		expect(parsed.jobs[0]).toMatchObject({ pathFilters: ['services/orders/**/*'], runsTests: true, buildsImage: false });
		expect(parsed.jobs[1]).toMatchObject({ pathFilters: ['services/orders/**/*'], runsTests: false, buildsImage: true });
		expect(parsed.includes).toEqual(['ci/payments.gitlab-ci.yml']);
		expect(parsed.containerScanning).toBe(true);
	});

	it.each<[string, string, string | null]>([
		['orders:test', 'services/orders', 'paths filter'],
		['orders:test', 'services/payments', null],
		['docs', 'services/orders', null],
	])('job %s refers to %s by %s', (name, servicePath, via) => {
		const job = parseGitlabCi('.gitlab-ci.yml', ROOT).jobs.find((candidate) => candidate.name === name)!;

		expect(workflowReference(job, servicePath, [`${servicePath}/main.go`])).toBe(via);
	});

	it('follows local includes, scans the images the pipeline builds, and names an include that is missing', async () => {
		const files: Record<string, string> = { '.gitlab-ci.yml': `${ROOT}  \ninclude:\n  - local: ci/payments.gitlab-ci.yml\n  - local: ci/missing.yml\n  - template: Security/Container-Scanning.gitlab-ci.yml\n`.replace(/include:\n {2}- template: Jobs[\s\S]*?file: \/go\.yml\n/, ''), 'ci/payments.gitlab-ci.yml': PAYMENTS };

		const { jobs, problems } = await readGitlabPipeline(async (file) => files[file] ?? null);

		expect(jobs.map((job) => `${job.file} ${job.name} ${job.scanners.join('+')}`)).toEqual([
			'.gitlab-ci.yml orders:test ',
			'.gitlab-ci.yml orders:image GitLab Container Scanning',
			'.gitlab-ci.yml docs ',
			'ci/payments.gitlab-ci.yml payments:test ',
		]);
		expect(problems).toEqual([{ file: 'ci/missing.yml', message: 'included from the pipeline but not in the repository; fix the `include: local:` path' }]);
	});
});

describe('collecting a GitLab monorepo', () => {
	it('records the jobs that build and test each service as its CI, like GitHub workflows', async () => {
		const work = await tempDirectory('gitlab-');
		await writeTree(work, {
			'.gitlab-ci.yml': ROOT,
			'ci/payments.gitlab-ci.yml': PAYMENTS,
			'services/orders/Dockerfile': 'FROM golang:1.22\n',
			'services/orders/main.go': 'package main\n\nfunc main() {}\n',
			'services/payments/Dockerfile': 'FROM python:3.12-slim\n',
			'services/payments/app.py': 'print(1)\n',
		});
		const silent: Logger = { info() {}, warn() {}, progress() {} };
		const settings = await resolveSettings({ repo: work, catalog: path.join(work, 'catalog') }, work);

		await runCollection(settings, { now: new Date('2026-12-01T00:00:00Z'), log: silent });

		const ci = async (id: string) => JSON.parse(await readFile(path.join(work, 'catalog/services', `${id}.json`), 'utf8')).facts['repo-files'].ciWorkflows;
		expect(await ci('orders')).toEqual([
			{ file: '.gitlab-ci.yml', name: 'orders:test', via: 'paths filter', runsTests: true, buildsImage: false, scanners: [] },
			{ file: '.gitlab-ci.yml', name: 'orders:image', via: 'paths filter', runsTests: false, buildsImage: true, scanners: ['GitLab Container Scanning'] },
		]);
		expect(await ci('payments')).toEqual([{ file: 'ci/payments.gitlab-ci.yml', name: 'payments:test', via: 'paths filter', runsTests: true, buildsImage: false, scanners: [] }]);
	});
});

describe('extends:', () => {
	const files: Record<string, string> = {
		'.gitlab-ci.yml': 'include:\n  - local: ci/templates.yml\n  - project: acme/ci-templates\n    file: [/node.yml]\n  - remote: https://example.test/ci.yml\ncart:test:\n  extends: [.node-test, .cart-paths]\n  variables: { SERVICE: cart }\nbilling:test:\n  extends: .from-elsewhere\n  script: [make test]\nloop:\n  extends: .a\n.a:\n  extends: .b\n.b:\n  extends: .a\n',
		'ci/templates.yml': '.node-test:\n  image: node:22\n  script: [npm ci, npm test]\n  rules:\n    - changes: [services/web/**/*]\n.cart-paths:\n  rules:\n    - changes: [services/cart/**/*]\n',
	};

	it('merges what a job extends, across included files: hashes merged, lists replaced, the job last', async () => {
		const { jobs } = await readGitlabPipeline(async (file) => files[file] ?? null);
		const cart = jobs.find((job) => job.name === 'cart:test')!;
		expect(cart).toMatchObject({ file: '.gitlab-ci.yml', pathFilters: ['services/cart/**/*'], commands: ['npm ci', 'npm test'], runsTests: true });
	});

	it('says what it cannot follow: a parent the pipeline does not define, a loop, other projects and URLs', async () => {
		const { problems } = await readGitlabPipeline(async (file) => files[file] ?? null);
		const messages = problems.map((problem) => problem.message);
		expect(messages).toEqual(
			expect.arrayContaining([
				'job billing:test: extends ".from-elsewhere", which the pipeline does not define (or defines in a file Shipshape does not fetch)',
				'job loop: extends: nests deeper than 11 levels (GitLab\'s limit); the rest is not followed',
				'include of /node.yml from project acme/ci-templates is not fetched; jobs it defines are not read',
				'include of https://example.test/ci.yml is not fetched; jobs it defines are not read',
			]),
		);
	});
});

describe('GitLab needs:', () => {
	it('gives a job without changes: paths the paths of the jobs it needs, transitively', async () => {
		const pipeline = `orders:image:
  stage: build
  script: [docker build -t $CI_REGISTRY_IMAGE/orders services/orders]
  rules:
    - changes: [services/orders/**/*]
orders:scan:
  stage: test
  image: aquasec/trivy:0.56.2
  script: [trivy image --exit-code 1 $CI_REGISTRY_IMAGE/orders]
  needs: [orders:image]
orders:report:
  script: [echo report]
  needs:
    - job: orders:scan
      artifacts: true
lint:
  script: [make lint]
`;
		const { jobs } = await readGitlabPipeline(async (file) => (file === '.gitlab-ci.yml' ? pipeline : null));
		const byName = Object.fromEntries(jobs.map((job) => [job.name, job]));
		expect(byName['orders:scan']).toMatchObject({ pathFilters: ['services/orders/**/*'], scanners: ['Trivy'] });
		expect(byName['orders:report']!.pathFilters).toEqual(['services/orders/**/*']);
		expect(byName.lint!.pathFilters).toEqual([]);
	});
});

describe('GitLab !reference tags', () => {
	// Shaped like GitLab's own pipelines: shared script blocks and rule sets in hidden jobs, reused
	// with `!reference` in scripts, in rules, and inside another hidden job (nested).
	const pipeline: Record<string, string> = {
		'.gitlab-ci.yml': `include:
  - local: ci/shared.gitlab-ci.yml
default:
  before_script:
    - !reference [.setup, script]
.orders-rules:
  rules:
    - changes: [services/orders/**/*]
# A shared rule set kept as a bare list, as datadog-agent's pipeline keeps its .on_* rules.
.on-protected:
  - if: $CI_COMMIT_BRANCH == "main"
.on-payments:
  - !reference [.on-protected]
  - changes:
      paths: [services/payments/**/*]
payments:test:
  script: [pytest services/payments]
  rules:
    - !reference [.on-payments]
orders:test:
  stage: test
  script:
    - !reference [.go, script]
    - go test ./services/orders/...
  rules:
    - !reference [.orders-rules, rules]
    - when: never
broken:
  script:
    - !reference [.nowhere, script]
    - make broken
`,
		'ci/shared.gitlab-ci.yml': `.setup:
  script: [apk add git]
.go:
  script:
    - !reference [.go-env, script]
    - go mod download
.go-env:
  script: [export GOFLAGS=-mod=mod]
`,
	};

	it('replaces each tag by what it names, across files, nested, in scripts and rules', async () => {
		const { jobs } = await readGitlabPipeline(async (file) => pipeline[file] ?? null);
		const orders = jobs.find((job) => job.name === 'orders:test')!;
		expect(orders.commands).toEqual(['apk add git', 'export GOFLAGS=-mod=mod', 'go mod download', 'go test ./services/orders/...']);
		expect(orders.pathFilters).toEqual(['services/orders/**/*']);
		expect(orders.runsTests).toBe(true);
		const payments = jobs.find((job) => job.name === 'payments:test')!;
		expect(payments.pathFilters).toEqual(['services/payments/**/*']);
	});

	it('says which reference names nothing, and reads the rest of the job', async () => {
		const { jobs, problems } = await readGitlabPipeline(async (file) => pipeline[file] ?? null);
		expect(jobs.find((job) => job.name === 'broken')!.commands).toEqual(['apk add git', 'make broken']);
		expect(problems).toContainEqual({ file: '.gitlab-ci.yml', message: 'job broken: !reference [.nowhere, script] names nothing the pipeline defines (or defines in a file Shipshape does not fetch)' });
	});

	it('stops at GitLab\'s nesting limit instead of looping', () => {
		const loop = `.a:\n  script: [!reference [.b, script]]\n.b:\n  script: [!reference [.a, script]]\njob:\n  script: [!reference [.a, script]]\n`;
		const parsed = parseGitlabCi('.gitlab-ci.yml', loop);
		expect(parsed.jobs[0]!.commands).toEqual([]);
		expect(parsed.problems).toContain("job job: !reference tags nest deeper than 10 levels (GitLab's limit); the rest is not followed");
	});
});

describe('a GitLab monorepo (golden)', () => {
	// test/fixtures/gitlab-monorepo: CI split over local includes with extends:, !reference and
	// needs:, and a .gitlab/CODEOWNERS with sections. Owners and CI facts per service are the golden.
	it('gives each service its section owners and the jobs that test, build and scan it', async () => {
		const fixture = path.join(PROJECT_ROOT, 'test/fixtures/gitlab-monorepo');
		const work = await tempDirectory('gitlab-golden-');
		const silent: Logger = { info() {}, warn() {}, progress() {} };
		const settings = await resolveSettings({ repo: path.join(fixture, 'repo'), catalog: path.join(work, 'catalog') }, work);
		await runCollection(settings, { now: new Date('2026-12-01T00:00:00Z'), log: silent });
		const summary: Record<string, unknown> = {};
		for (const file of (await readdir(path.join(work, 'catalog/services'))).sort()) {
			const record = JSON.parse(await readFile(path.join(work, 'catalog/services', file), 'utf8'));
			const repoFiles = record.facts['repo-files'];
			summary[record.id] = {
				path: record.path,
				owners: record.owners,
				ownerSource: record.ownerSource,
				ciWorkflows: repoFiles.ciWorkflows,
				errors: record.errors,
			};
		}
		const discovery = JSON.parse(await readFile(path.join(work, 'catalog/discovery.json'), 'utf8'));
		summary['(repository)'] = { errors: discovery.errors ?? discovery.problems ?? null };
		const actual = `${JSON.stringify(summary, null, '\t')}\n`;
		const golden = path.join(fixture, 'expected.json');
		await expectGolden(actual, golden);
	});
});
