// Kustomize overlays, rendered as Kustomize would for the fields checks read: the overlay a team
// deploys to production decides replicas, probes and images, not the base. Table tests per rule;
// a golden file for the k8s-manifests facts of a base+overlays fixture (test/fixtures/kustomize);
// the real Online Boutique kustomization (test/fixtures/real/kustomize) read as it is.
import { expectGolden } from '../support/golden.ts';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderKustomizations, strategicMerge } from '../../collectors/k8s-manifests/kustomize.ts';
import { runCollection } from '../../collectors/run.ts';
import type { Logger } from '../../collectors/types.ts';
import { listFiles } from '../../collectors/lib/files.ts';
import { resolveSettings } from '../../src/lib/config/load.ts';
import { findProgram } from '../../catalog/io/programs.ts';
import { PROJECT_ROOT, tempDirectory, writeTree } from '../support/temp.ts';

const NOW = new Date('2026-12-01T00:00:00Z');
const silent: Logger = { info() {}, warn() {}, progress() {} };
const FIXTURE = path.join(PROJECT_ROOT, 'test/fixtures/kustomize');

const deployment = (name: string, replicas = 2, extra = '') =>
	`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: ${replicas}\n  template:\n    spec:\n      containers:\n        - name: app\n          image: ghcr.io/acme/${name}:1.0.0\n          livenessProbe: { httpGet: { path: /healthz, port: 8080 } }\n${extra}`;

function render(files: Record<string, string>, environment: string | null = null) {
	return renderKustomizations(new Map(Object.entries(files)), environment);
}
const replicasOf = (result: ReturnType<typeof render>) => result.objects.map((object) => [object.overlay, (object.raw.metadata as { name: string }).name, (object.raw.spec as { replicas?: number }).replicas]);

describe('strategicMerge', () => {
	const base = { spec: { replicas: 2, template: { spec: { containers: [{ name: 'app', image: 'a:1', livenessProbe: { x: 1 } }, { name: 'sidecar', image: 's:1' }], tolerations: [{ key: 'a' }] } } } };

	it.each<[string, unknown, unknown]>([
		['sets a scalar', { spec: { replicas: 1 } }, { ...base, spec: { ...base.spec, replicas: 1 } }],
		['merges containers by name, keeping the others', { spec: { template: { spec: { containers: [{ name: 'app', image: 'a:2' }] } } } }, { spec: { replicas: 2, template: { spec: { containers: [{ name: 'app', image: 'a:2', livenessProbe: { x: 1 } }, { name: 'sidecar', image: 's:1' }], tolerations: [{ key: 'a' }] } } } }],
		['removes a key set to null', { spec: { template: { spec: { containers: [{ name: 'app', livenessProbe: null }] } } } }, { spec: { replicas: 2, template: { spec: { containers: [{ name: 'app', image: 'a:1' }, { name: 'sidecar', image: 's:1' }], tolerations: [{ key: 'a' }] } } } }],
		['deletes a list element with $patch: delete', { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } }, { spec: { replicas: 2, template: { spec: { containers: [{ name: 'app', image: 'a:1', livenessProbe: { x: 1 } }], tolerations: [{ key: 'a' }] } } } }],
		['replaces a list without a merge key', { spec: { template: { spec: { tolerations: [{ key: 'b' }] } } } }, { spec: { replicas: 2, template: { spec: { containers: base.spec.template.spec.containers, tolerations: [{ key: 'b' }] } } } }],
		['replaces a map with $patch: replace', { spec: { template: { $patch: 'replace', spec: { containers: [] } } } }, { spec: { replicas: 2, template: { spec: { containers: [] } } } }],
	])('%s', (_rule, patch, expected) => {
		expect(strategicMerge(structuredClone(base), patch)).toEqual(expected);
	});
});

describe('renderKustomizations', () => {
	const family = {
		'app/base/kustomization.yaml': 'resources: [deployment.yaml]\n',
		'app/base/deployment.yaml': deployment('api'),
		'app/overlays/staging/kustomization.yaml': 'resources: [../../base]\nreplicas: [{ name: api, count: 2 }]\n',
		'app/overlays/prod/kustomization.yaml': 'resources: [../../base]\nreplicas: [{ name: api, count: 1 }]\n',
	};

	it('reads the production overlay, not the base and not the other overlays', () => {
		const result = render(family);
		expect(replicasOf(result)).toEqual([['app/overlays/prod', 'api', 1]]);
		expect(result.rendered).toEqual([{ directory: 'app/overlays/prod', file: 'app/overlays/prod/kustomization.yaml', reason: 'the prod overlay' }]);
		expect([...result.consumed].sort()).toEqual(['app/base/deployment.yaml', 'app/base/kustomization.yaml', 'app/overlays/prod/kustomization.yaml', 'app/overlays/staging/kustomization.yaml']);
	});

	it('reads the configured environment instead', () => {
		expect(replicasOf(render(family, 'staging'))).toEqual([['app/overlays/staging', 'api', 2]]);
	});

	it('reads the base when no overlay is for production, and says so', () => {
		const { 'app/overlays/prod/kustomization.yaml': _prod, ...withoutProduction } = family;
		const result = render(withoutProduction);
		expect(replicasOf(result)).toEqual([['app/base', 'api', 2]]);
		expect(result.rendered[0]?.reason).toMatch(/^the base: no overlay is named production or prod/);
	});

	it('reads a lone kustomization as it is', () => {
		expect(replicasOf(render({ 'k8s/kustomization.yaml': 'resources: [a.yaml]\n', 'k8s/a.yaml': deployment('web', 3) }))).toEqual([['k8s', 'web', 3]]);
	});

	it.each<[string, string, Record<string, string>, unknown]>([
		['a strategic-merge patch file', 'patchesStrategicMerge: [patch.yaml]\n', { 'app/overlays/prod/patch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec: { replicas: 5 }\n' }, 5],
		['an inline patch with a target', 'patches:\n  - target: { kind: Deployment, name: "a.*" }\n    patch: |-\n      kind: Deployment\n      metadata: { name: whatever }\n      spec: { replicas: 4 }\n', {}, 4],
		['a JSON 6902 patch', 'patchesJson6902:\n  - target: { version: v1, kind: Deployment, name: api }\n    patch: |-\n      - op: replace\n        path: /spec/replicas\n        value: 6\n', {}, 6],
		['a JSON 6902 patch under patches', 'patches:\n  - target: { kind: Deployment, name: api }\n    patch: \'[{"op": "replace", "path": "/spec/replicas", "value": 7}]\'\n', {}, 7],
		['replicas after patches', 'replicas: [{ name: api, count: 8 }]\npatches:\n  - patch: "kind: Deployment\\nmetadata: { name: api }\\nspec: { replicas: 1 }"\n', {}, 8],
	])('applies %s', (_case, overlay, extra, replicas) => {
		const result = render({ ...family, 'app/overlays/prod/kustomization.yaml': `resources: [../../base]\n${overlay}`, ...extra });
		expect(result.problems).toEqual([]);
		expect(replicasOf(result)).toEqual([['app/overlays/prod', 'api', replicas]]);
	});

	it('prefixes names, sets the namespace and labels, retags images, and patches by the original name', () => {
		const result = render({
			...family,
			'app/overlays/prod/kustomization.yaml': 'resources: [../../base]\nnamePrefix: prod-\nnamespace: shop\ncommonLabels: { team: payments }\nimages:\n  - name: ghcr.io/acme/api\n    newName: registry.acme.example/api\n    newTag: "1.2.3"\npatches:\n  - patch: "kind: Deployment\\nmetadata: { name: api }\\nspec: { replicas: 3 }"\n',
		});
		const object = result.objects[0]!.raw as { metadata: { name: string; namespace: string; labels: Record<string, string> }; spec: { replicas: number; template: { metadata: { labels: Record<string, string> }; spec: { containers: { image: string }[] } } } };
		expect(object.metadata).toMatchObject({ name: 'prod-api', namespace: 'shop', labels: { team: 'payments' } });
		expect(object.spec.replicas).toBe(3);
		expect(object.spec.template.metadata.labels).toEqual({ team: 'payments' });
		expect(object.spec.template.spec.containers[0]!.image).toBe('registry.acme.example/api:1.2.3');
	});

	it.each<[string, Record<string, string>, RegExp]>([
		['a remote base', { 'k/kustomization.yaml': 'resources:\n  - https://github.com/acme/base//deploy?ref=v1\n' }, /remote resource .* is not fetched/],
		['a missing resource', { 'k/kustomization.yaml': 'resources: [gone.yaml]\n' }, /resource "gone.yaml" is not in the repository/],
		['a patch that matches nothing', { 'k/kustomization.yaml': 'resources: [a.yaml]\npatches:\n  - patch: "kind: Deployment\\nmetadata: { name: other }\\nspec: { replicas: 1 }"\n', 'k/a.yaml': deployment('a') }, /matches no resource/],
		['a generator', { 'k/kustomization.yaml': 'resources: [a.yaml]\nconfigMapGenerator:\n  - name: cfg\n    literals: [A=1]\n', 'k/a.yaml': deployment('a') }, /configMapGenerator is not rendered/],
		['malformed YAML', { 'k/kustomization.yaml': 'resources: [\n' }, /^line \d+/],
		['a JSON 6902 patch that does not apply', { 'k/kustomization.yaml': 'resources: [a.yaml]\npatchesJson6902:\n  - target: { kind: Deployment, name: a }\n    patch: "[{\\"op\\": \\"replace\\", \\"path\\": \\"/spec/nothing/here\\", \\"value\\": 1}]"\n', 'k/a.yaml': deployment('a') }, /JSON 6902 patch on Deployment "a" failed/],
	])('reports %s with its file, and goes on', (_case, files, message) => {
		const result = render(files);
		expect(result.problems).toEqual(expect.arrayContaining([{ file: 'k/kustomization.yaml', message: expect.stringMatching(message) }]));
	});

	it('does not follow a kustomization that includes itself', () => {
		const result = render({ 'a/kustomization.yaml': 'resources: [../b]\n', 'b/kustomization.yaml': 'resources: [../a, d.yaml]\n', 'b/d.yaml': deployment('d') });
		expect(result.objects).toEqual([]);
	});
});

async function collectFixture(config = '', env: Record<string, string | undefined> = {}) {
	const work = await tempDirectory('kustomize-');
	const catalog = path.join(work, 'catalog');
	await writeFile(path.join(work, 'shipshape.config.yaml'), `repo: ${JSON.stringify(path.join(FIXTURE, 'repo'))}\ncatalog: catalog\n${config}`);
	const settings = await resolveSettings({ config: path.join(work, 'shipshape.config.yaml') }, work);
	await runCollection(settings, { now: NOW, log: silent, env });
	const summary: Record<string, unknown> = {};
	for (const id of ['ledger', 'orders', 'payments']) {
		const record = JSON.parse(await readFile(path.join(catalog, 'services', `${id}.json`), 'utf8'));
		const facts = record.facts['k8s-manifests'];
		summary[id] = {
			minReplicas: facts.minReplicas,
			hasPodDisruptionBudget: facts.hasPodDisruptionBudget,
			workloads: facts.workloads.map((workload: { kind: string; namespace: string; name: string; file: string; renderedFrom?: string; renderedBy?: string; replicas: number; containers: { image: string; hasLivenessProbe: boolean; hasReadinessProbe: boolean }[] }) => ({
				resource: `${workload.kind}/${workload.namespace}/${workload.name}`,
				file: workload.file,
				renderedFrom: workload.renderedFrom ?? null,
				...(workload.renderedBy === undefined ? {} : { renderedBy: workload.renderedBy }),
				replicas: workload.replicas,
				containers: workload.containers.map(({ image, hasLivenessProbe, hasReadinessProbe }) => ({ image, hasLivenessProbe, hasReadinessProbe })),
			})),
			evidence: record.evidence['k8s-manifests.minReplicas'] ?? record.evidence.minReplicas ?? null,
			errors: record.errors.filter((error: { collector: string }) => error.collector === 'k8s-manifests'),
		};
	}
	return summary;
}

describe('a base with production and staging overlays (golden)', () => {
	it('gives the facts of the production overlay', async () => {
		const actual = `${JSON.stringify(await collectFixture(), null, '\t')}\n`;
		const golden = path.join(FIXTURE, 'expected.json');
		await expectGolden(actual, golden);
	});

	it('gives the configured environment’s facts with kubernetes.environment', async () => {
		const summary = (await collectFixture('kubernetes:\n  environment: staging\n')) as Record<string, { minReplicas: number; workloads: { renderedFrom: string }[] }>;
		expect(summary.payments).toMatchObject({ minReplicas: 2, workloads: [{ renderedFrom: 'services/payments/deploy/overlays/staging' }] });
	});
});

// `render: true` runs Kustomize itself: `kustomize build` when it is on PATH, else the Kustomize
// built into `kubectl kustomize` (on this project's machines, and installed by .ci/run where not).
const KUSTOMIZE = findProgram('kustomize', process.env.PATH) ?? findProgram('kubectl', process.env.PATH);

describe.skipIf(KUSTOMIZE === null)('render: true, with Kustomize itself', () => {
	const env = { PATH: process.env.PATH, HOME: process.env.HOME };
	const program = path.basename(KUSTOMIZE ?? '') === 'kustomize' ? 'kustomize build' : 'kubectl kustomize';
	type Summary = Record<string, { minReplicas: number; workloads: { resource: string; file: string; renderedFrom: string | null; renderedBy?: string; replicas: number | null; containers: unknown[] }[]; evidence: { detail?: string }[]; errors: unknown[] }>;

	it('reads the tool\'s output for the overlays it chose, and agrees with the approximation on every fact checks read', async () => {
		const approximate = (await collectFixture()) as Summary;
		const rendered = (await collectFixture('kubernetes:\n  render: true\n', env)) as Summary;
		for (const id of ['ledger', 'orders', 'payments']) {
			expect(rendered[id]!.minReplicas).toBe(approximate[id]!.minReplicas);
			const facts = (summary: Summary) => summary[id]!.workloads.map(({ resource, replicas, containers }) => ({ resource, replicas, containers }));
			expect(facts(rendered)).toEqual(facts(approximate));
			expect(rendered[id]!.errors).toEqual(approximate[id]!.errors);
		}
		const payments = rendered.payments!.workloads.find((workload) => workload.resource.startsWith('Deployment/'))!;
		expect(payments).toMatchObject({ file: 'services/payments/deploy/overlays/production/kustomization.yaml', renderedFrom: null, renderedBy: `${program} services/payments/deploy/overlays/production`, replicas: 1 });
		expect(rendered.payments!.evidence).toContainEqual(expect.objectContaining({ detail: `rendered by \`${program} services/payments/deploy/overlays/production\`` }));
		// A manifest no kustomization reads is read as it is.
		expect(rendered.ledger!.workloads.find((workload) => workload.resource === 'CronJob/default/reconcile')).toMatchObject({ file: 'deploy/cronjobs/reconcile.yaml', renderedFrom: null });
	});

	it('keeps the approximation and says why when the tool fails on an overlay', async () => {
		const repo = await tempDirectory('render-fails-');
		await writeTree(repo, {
			'services/billing/Dockerfile': 'FROM alpine:3.20\n',
			'services/billing/deploy/base/kustomization.yaml': 'resources: [deployment.yaml]\n',
			'services/billing/deploy/base/deployment.yaml': deployment('billing', 2),
			// Kustomize refuses a patch whose target does not exist; Shipshape's approximation reads on.
			'services/billing/deploy/prod/kustomization.yaml': 'resources: [../base]\npatches:\n  - path: missing.yaml\n',
		});
		const work = await tempDirectory('render-fails-work-');
		await writeFile(path.join(work, 'shipshape.config.yaml'), `repo: ${JSON.stringify(repo)}\ncatalog: catalog\nkubernetes: { render: true }\n`);
		const settings = await resolveSettings({ config: path.join(work, 'shipshape.config.yaml') }, work);
		await runCollection(settings, { now: NOW, log: silent, env });
		const record = JSON.parse(await readFile(path.join(work, 'catalog/services/billing.json'), 'utf8'));
		expect(record.facts['k8s-manifests'].workloads).toEqual([expect.objectContaining({ name: 'billing', renderedFrom: 'services/billing/deploy/prod', replicas: 2 })]);
		const problems = JSON.stringify(record.errors);
		expect(problems).toContain(`\`${program} services/billing/deploy/prod\` failed (`);
		expect(problems).toContain('rendered approximately instead');
	});
});

describe('render: true, with Helm', () => {
	// Helm is not packaged for Debian, so this stand-in prints what `helm template` prints for the
	// chart (documents headed by `# Source:`), after checking how it was called and that it was not
	// given the caller's secrets. The process, PATH lookup and output reading are real.
	async function standIn(directory: string): Promise<string> {
		const bin = path.join(directory, 'bin');
		await writeTree(bin, {
			helm: `#!/bin/sh
[ -z "$GITHUB_TOKEN" ] || { echo "GITHUB_TOKEN reached helm" >&2; exit 3; }
[ "$1 $2 $3 $4 $5" = "template checkout charts/checkout --values charts/checkout/values-prod.yaml" ] || { echo "unexpected arguments: $*" >&2; exit 4; }
cat <<'YAML'
---
# Source: checkout/templates/service.yaml
apiVersion: v1
kind: Service
metadata: { name: checkout, labels: { app.kubernetes.io/name: checkout } }
spec: { selector: { app.kubernetes.io/name: checkout } }
---
# Source: checkout/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata: { name: checkout, labels: { app.kubernetes.io/name: checkout } }
spec:
  replicas: 3
  template:
    metadata: { labels: { app.kubernetes.io/name: checkout } }
    spec:
      containers:
        - name: checkout
          image: ghcr.io/acme/checkout:4.1.0
          readinessProbe: { httpGet: { path: /ready, port: 8080 } }
YAML
`,
		});
		await chmod(path.join(bin, 'helm'), 0o755);
		return bin;
	}
	const chart = {
		'charts/checkout/Chart.yaml': 'apiVersion: v2\nname: checkout\nversion: 0.3.0\n',
		'charts/checkout/values.yaml': 'replicaCount: 1\nimage: { repository: ghcr.io/acme/checkout, tag: "" }\n',
		'charts/checkout/values-prod.yaml': 'replicaCount: 3\n',
		'charts/checkout/templates/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "checkout.fullname" . }}\n  labels: { app.kubernetes.io/name: checkout }\nspec:\n  replicas: {{ .Values.replicaCount }}\n  template:\n    spec:\n      containers:\n        - name: checkout\n          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"\n',
		'services/checkout/Dockerfile': 'FROM node:22.11.0\n',
		'services/checkout/package.json': '{ "name": "checkout" }\n',
	};

	async function collect(env: Record<string, string | undefined>) {
		const repo = await tempDirectory('helm-');
		await writeTree(repo, chart);
		const work = await tempDirectory('helm-work-');
		await writeFile(path.join(work, 'shipshape.config.yaml'), `repo: ${JSON.stringify(repo)}\ncatalog: catalog\ncollectors:\n  k8s-manifests: { render: true, environment: prod }\n`);
		const settings = await resolveSettings({ config: path.join(work, 'shipshape.config.yaml') }, work);
		await runCollection(settings, { now: NOW, log: silent, env });
		// Problems with a chart outside every service's directory are the repository's (discovery.json).
		return { record: JSON.parse(await readFile(path.join(work, 'catalog/services/checkout.json'), 'utf8')), meta: await readFile(path.join(work, 'catalog/discovery.json'), 'utf8') };
	}

	it('reads helm template\'s output with the production values file, each object from its template, without the caller\'s secrets', async () => {
		const bin = await standIn(await tempDirectory('helm-bin-'));
		const { record, meta } = await collect({ PATH: `${bin}${path.delimiter}${process.env.PATH}`, HOME: process.env.HOME, GITHUB_TOKEN: 'ghp_not-for-helm' });
		const renderedBy = 'helm template checkout charts/checkout --values charts/checkout/values-prod.yaml';
		expect(record.facts['k8s-manifests'].workloads).toEqual([expect.objectContaining({ kind: 'Deployment', name: 'checkout', file: 'charts/checkout/templates/deployment.yaml', renderedBy, replicas: 3 })]);
		expect(record.evidence['k8s-manifests.minReplicas']).toEqual([{ resource: 'Deployment/default/checkout', file: 'charts/checkout/templates/deployment.yaml', line: 1, detail: `rendered by \`${renderedBy}\`` }]);
		expect(meta).not.toContain('read without rendering');
	});

	it('reads the templates approximately, and says so, when helm is not on PATH', async () => {
		const { record, meta } = await collect({ PATH: '/nonexistent', HOME: process.env.HOME });
		expect(record.facts['k8s-manifests'].workloads).toEqual([expect.objectContaining({ kind: 'Deployment', file: 'charts/checkout/templates/deployment.yaml' })]);
		expect(record.facts['k8s-manifests'].workloads[0].renderedBy).toBeUndefined();
		expect(meta).toContain("render is on but helm is not on PATH; the chart's templates were read approximately instead");
	});
});

describe('the real Online Boutique kustomization', () => {
	it('renders its base through the top kustomization', async () => {
		const root = path.join(PROJECT_ROOT, 'test/fixtures/real/kustomize/online-boutique');
		const files = (await listFiles(root)).filter((file) => /\.ya?ml$/.test(file));
		const texts = new Map(await Promise.all(files.map(async (file) => [file, await readFile(path.join(root, file), 'utf8')] as const)));
		const result = renderKustomizations(texts, null);

		expect(result.problems).toEqual([]);
		expect(result.rendered).toEqual([{ directory: 'kustomize', file: 'kustomize/kustomization.yaml', reason: 'the only kustomization of its family' }]);
		const frontend = result.objects.find((object) => object.raw.kind === 'Deployment' && (object.raw.metadata as { name: string }).name === 'frontend');
		expect(frontend).toMatchObject({ file: 'kustomize/base/frontend.yaml', overlay: 'kustomize' });
	});
});
