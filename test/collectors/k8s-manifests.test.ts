import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { extractExternalSecret, extractIngress, extractWorkload, hpaTarget, imageName, objectsOf, pdbSelector, secretBackendIsVault } from '../../collectors/k8s-manifests/extract.ts';
import { approximateHelmTemplate } from '../../collectors/k8s-manifests/index.ts';
import { parseManifestDocuments } from '../../collectors/lib/manifest-yaml.ts';
import { REAL_FIXTURES } from '../support/temp.ts';

const REAL = `${REAL_FIXTURES}`;

function objectsFromYaml(text: string) {
	return parseManifestDocuments(text).documents.flatMap((document) => objectsOf(document.value, document.line));
}

describe('Kubernetes manifests (real: sock-shop complete-demo)', () => {
	it('reads every Deployment with its containers, probes and resources', async () => {
		const objects = objectsFromYaml(await readFile(`${REAL}k8s-manifests/sock-shop__complete-demo.yaml`, 'utf8'));
		const workloads = objects.map(extractWorkload).filter((workload) => workload !== null);

		expect(objects.some((object) => object.kind === 'Namespace')).toBe(true);
		expect(workloads.length).toBeGreaterThanOrEqual(10);
		const carts = workloads.find((workload) => workload.workload.name === 'carts')!;
		expect(carts.workload).toMatchObject({ kind: 'Deployment', namespace: 'sock-shop', replicas: 1 });
		expect(carts.workload.containers[0]).toMatchObject({ image: expect.stringContaining('carts'), hasResourceLimits: true });
		expect(carts.labels).toMatchObject({ name: 'carts' });
	});

	it('records the line where each object starts', async () => {
		const objects = objectsFromYaml(await readFile(`${REAL}k8s-manifests/sock-shop__complete-demo.yaml`, 'utf8'));

		expect(objects[0]).toMatchObject({ kind: 'Namespace', line: 2 });
		expect(objects[1]?.line).toBeGreaterThan(objects[0]!.line);
	});
});

describe('kubectl dumps (real: List of Deployments)', () => {
	it.each(['ComplianceAsCode__argocd-deployments.list.json', 'ComplianceAsCode__openshift-monitoring-deployments.list.json'])('reads %s', async (file) => {
		const objects = objectsOf(JSON.parse(await readFile(`${REAL}kubectl/${file}`, 'utf8')), 1);
		const workloads = objects.map(extractWorkload).filter((workload) => workload !== null);

		expect(workloads.length).toBe(objects.length);
		expect(workloads.length).toBeGreaterThan(0);
		expect(workloads.every((workload) => workload.workload.containers.length > 0)).toBe(true);
	});

	it('reads the deployments list a ComplianceAsCode test script writes with a heredoc', async () => {
		const script = await readFile(`${REAL}kubectl/ComplianceAsCode__deployments_no_rules.fail.sh`, 'utf8');
		const dump = /cat <<EOF > [^\n]*\n([\s\S]*?)\nEOF/.exec(script)![1]!;

		const workloads = objectsOf(JSON.parse(dump), 1).map(extractWorkload).filter((workload) => workload !== null);

		expect(workloads.length).toBeGreaterThan(0);
		expect(workloads.map((workload) => workload.workload.name)).toContain('argocd-dex-server');
	});

	it('labels argocd workloads so that app.kubernetes.io/name links them', async () => {
		const objects = objectsOf(JSON.parse(await readFile(`${REAL}kubectl/ComplianceAsCode__argocd-deployments.list.json`, 'utf8')), 1);

		expect(objects.map((object) => object.labels['app.kubernetes.io/name'])).toContain('argocd-dex-server');
	});
});

describe('workload facts', () => {
	const deployment = (spec: string) => objectsFromYaml(`apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api, namespace: shop }\nspec:\n${spec}`)[0]!;

	it.each<[string, string, boolean]>([
		['pod-level runAsNonRoot', '  template:\n    spec:\n      securityContext: { runAsNonRoot: true }\n      containers: [{ name: a, image: x }]\n', true],
		['container runAsUser 0 overrides the pod', '  template:\n    spec:\n      securityContext: { runAsNonRoot: true }\n      containers: [{ name: a, image: x, securityContext: { runAsUser: 0 } }]\n', false],
		['nothing set means root', '  template:\n    spec:\n      containers: [{ name: a, image: x }]\n', false],
	])('non-root: %s', (_name, spec, nonRoot) => {
		expect(extractWorkload(deployment(spec))?.workload.containers[0]?.runsAsNonRoot).toBe(nonRoot);
	});

	it('defaults replicas to 1 and never keeps env values', () => {
		const extracted = extractWorkload(deployment('  template:\n    spec:\n      containers:\n        - name: a\n          image: x\n          env: [{ name: API_TOKEN, value: "s3cr3t-literal" }]\n'));

		expect(extracted?.workload.replicas).toBe(1);
		expect(JSON.stringify(extracted?.workload)).not.toContain('s3cr3t-literal');
	});

	it('reads CronJob pod templates', () => {
		const [cron] = objectsFromYaml('apiVersion: batch/v1\nkind: CronJob\nmetadata: { name: nightly }\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{ name: job, image: x, livenessProbe: { exec: { command: [true] } } }]\n');

		expect(extractWorkload(cron!)?.workload).toMatchObject({ kind: 'CronJob', replicas: null, containers: [{ name: 'job', hasLivenessProbe: true }] });
	});

	it('reads PodDisruptionBudget selectors and HPA targets', () => {
		const [pdb, hpa] = objectsFromYaml('apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: p }\nspec: { selector: { matchLabels: { app: api } } }\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: h }\nspec: { minReplicas: 3, scaleTargetRef: { kind: Deployment, name: api } }\n');

		expect(pdbSelector(pdb!)).toEqual({ app: 'api' });
		expect(hpaTarget(hpa!)).toEqual({ kind: 'Deployment', name: 'api', minReplicas: 3 });
	});

	it.each([
		['registry.example/acme/payments-api:1.2', 'payments-api'],
		['payments-api@sha256:abc', 'payments-api'],
		['localhost:5000/orders:3', 'orders'],
	])('image name of %s', (image, name) => {
		expect(imageName(image)).toBe(name);
	});
});

describe('parseManifestDocuments', () => {
	it('gives each document the line where its content starts', () => {
		const { documents } = parseManifestDocuments('# header\napiVersion: v1\nkind: A\n---\n\n# note\nkind: B\n--- # trailing comment\nkind: C\n');

		expect(documents.map((document) => [(document.value as { kind: string }).kind, document.line])).toEqual([['A', 2], ['B', 7], ['C', 9]]);
	});

	it('reports a broken document with its line and keeps the others', () => {
		const { documents, problems } = parseManifestDocuments('kind: A\n---\nkind: [unclosed\n---\nkind: C\n');

		expect(documents.map((document) => (document.value as { kind: string }).kind)).toEqual(['A', 'C']);
		expect(problems).toHaveLength(1);
		expect(problems[0]).toMatch(/^[34]:\d+: invalid YAML: /);
	});

	it('refuses an alias bomb with a problem naming its line, and keeps the other documents', () => {
		const bomb = 'apiVersion: v1\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nkind: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n';

		const { documents, problems } = parseManifestDocuments(`apiVersion: v1\nkind: ConfigMap\n---\n${bomb}`);

		expect(documents.map((document) => (document.value as { kind: unknown }).kind)).toEqual(['ConfigMap']);
		expect(problems).toEqual([expect.stringMatching(/^4: YAML aliases expand this document .* \(an alias bomb\?\); it was not read/)]);
	});

	it.each<[string, string, boolean]>([
		['a plain manifest', 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 2\n', false],
		['anchors shared a few times', 'base: &env [{ name: A, value: "1" }, { name: B, value: "2" }]\nx: *env\ny: *env\nz: *env\n', false],
		['a billion laughs', 'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n', true],
	])('%s', (_name, text, refused) => {
		expect(parseManifestDocuments(text).problems.length > 0).toBe(refused);
	});
});

describe('secrets, logs and ingresses', () => {
	it('records where a pod gets its secrets, and names (never values) of literal secrets', () => {
		const [object] = objectsFromYaml(`apiVersion: apps/v1
kind: Deployment
metadata: { name: api }
spec:
  template:
    metadata:
      annotations:
        vault.hashicorp.com/agent-inject: "true"
        co.elastic.logs/enabled: "false"
    spec:
      volumes:
        - name: s
          secret: { secretName: tls }
        - name: v
          csi: { driver: secrets-store.csi.k8s.io, volumeAttributes: { secretProviderClass: vault-db } }
      containers:
        - name: api
          image: api:1
          env:
            - { name: DB_PASSWORD, value: "hunter2-literal" }
            - { name: LOG_LEVEL, value: debug }
            - { name: API_TOKEN, valueFrom: { secretKeyRef: { name: api-token, key: token } } }
          envFrom:
            - secretRef: { name: shared }
`);

		const workload = extractWorkload(object!)!.workload;

		expect(workload.logsEnabled).toBe(false);
		expect(workload.secrets).toEqual({ secretNames: ['api-token', 'shared', 'tls'], literalSecretEnv: ['DB_PASSWORD'], vaultAgent: true, csiProviderClasses: ['vault-db'] });
		expect(JSON.stringify(workload)).not.toContain('hunter2-literal');
	});

	it('reads ExternalSecrets and tells Vault stores from others', () => {
		const [external, vault, aws, spc] = objectsFromYaml('apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata: { name: db, namespace: p }\nspec: { secretStoreRef: { name: vault, kind: SecretStore }, target: { name: db-credentials } }\n---\napiVersion: external-secrets.io/v1beta1\nkind: SecretStore\nmetadata: { name: vault }\nspec: { provider: { vault: { server: https://v } } }\n---\napiVersion: external-secrets.io/v1beta1\nkind: ClusterSecretStore\nmetadata: { name: aws }\nspec: { provider: { aws: { service: SecretsManager } } }\n---\napiVersion: secrets-store.csi.x-k8s.io/v1\nkind: SecretProviderClass\nmetadata: { name: vault-db }\nspec: { provider: vault }\n');

		expect(extractExternalSecret(external!)).toEqual({ target: 'db-credentials', storeKind: 'SecretStore', storeName: 'vault' });
		expect([vault, aws, spc].map((object) => secretBackendIsVault(object!))).toEqual([true, false, true]);
	});

	it('reads ingress hosts, TLS hosts and backends', () => {
		const [object] = objectsFromYaml('apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: shop }\nspec:\n  tls: [{ hosts: [a.example] }]\n  rules:\n    - host: a.example\n      http: { paths: [{ path: /, backend: { service: { name: web } } }] }\n    - host: b.example\n      http: { paths: [{ path: /, backend: { service: { name: api } } }] }\n');

		expect(extractIngress(object!)).toEqual({ hosts: ['a.example', 'b.example'], tlsHosts: ['a.example'], backends: ['api', 'web'] });
	});
});

describe('unrendered Helm templates', () => {
	it('keeps the structure readable without Helm', () => {
		const template = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "x.fullname" . }}\n  labels:\n    {{- include "x.labels" . | nindent 4 }}\nspec:\n  {{- if not .Values.autoscaling.enabled }}\n  replicas: {{ .Values.replicaCount }}\n  {{- end }}\n  template:\n    spec:\n      containers:\n        - name: app\n          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n          livenessProbe:\n            httpGet: { path: /healthz, port: http }\n';

		const [object] = parseManifestDocuments(approximateHelmTemplate(template)).documents.flatMap((document) => objectsOf(document.value, document.line));

		expect(extractWorkload(object!)?.workload.containers[0]).toMatchObject({ name: 'app', hasLivenessProbe: true, hasReadinessProbe: false });
	});
});
