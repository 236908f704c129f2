// Pure readers of Kubernetes objects: workloads with their containers, PodDisruptionBudgets and
// HorizontalPodAutoscalers. Only what checks need is kept: never env values or Secret data.
import { hostsInValue } from '../lib/hosts.ts';
import { arrayAt, isObject, objectAt, type Json } from '../lib/json.ts';
import type { K8sWorkload } from '../../catalog/schema/facts.ts';

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job'] as const;

export interface K8sObject {
	kind: string;
	namespace: string;
	name: string;
	labels: Record<string, string>;
	raw: Record<string, unknown>;
	line: number;
}

export interface ExtractedWorkload {
	workload: Omit<K8sWorkload, 'file'>;
	labels: Record<string, string>;
	images: string[];
	/** Hostnames that env values point to (other services); the values themselves are dropped. */
	hosts: string[];
}


/** Objects from one parsed document: a single object, or the items of a `List` (kubectl dumps). */
export function objectsOf(document: unknown, line: number): K8sObject[] {
	if (!isObject(document)) return [];
	if (document.kind === 'List' || (Array.isArray(document.items) && typeof document.kind === 'string' && document.kind.endsWith('List'))) {
		return (document.items as unknown[]).flatMap((item) => objectsOf(item, line));
	}
	if (typeof document.kind !== 'string' || typeof document.apiVersion !== 'string') return [];
	const metadata = isObject(document.metadata) ? document.metadata : {};
	return [
		{
			kind: document.kind,
			namespace: typeof metadata.namespace === 'string' ? metadata.namespace : 'default',
			name: typeof metadata.name === 'string' ? metadata.name : '(unnamed)',
			labels: stringRecord(metadata.labels),
			raw: document,
			line,
		},
	];
}

export function extractWorkload(object: K8sObject): ExtractedWorkload | null {
	if (!(WORKLOAD_KINDS as readonly string[]).includes(object.kind)) return null;
	const spec = objectAt(object.raw, 'spec');
	const template = object.kind === 'CronJob' ? objectAt(objectAt(objectAt(spec, 'jobTemplate'), 'spec'), 'template') : objectAt(spec, 'template');
	const podSpec = objectAt(template, 'spec');
	const podSecurity = objectAt(podSpec, 'securityContext');
	const containers = arrayAt(podSpec, 'containers').filter(isObject);
	const replicas = object.kind === 'Deployment' || object.kind === 'StatefulSet' ? (typeof spec.replicas === 'number' ? spec.replicas : 1) : null;
	const annotations = { ...stringRecord(objectAt(object.raw, 'metadata').annotations), ...stringRecord(objectAt(template, 'metadata').annotations) };
	const logsAnnotation = annotations['co.elastic.logs/enabled'];
	return {
		workload: {
			kind: object.kind,
			namespace: object.namespace,
			name: object.name,
			line: object.line,
			replicas,
			logsEnabled: logsAnnotation === undefined ? null : logsAnnotation.trim().toLowerCase() === 'true',
			secrets: secretUse(podSpec, containers, annotations),
			containers: containers
				.map((container) => {
					const resources = objectAt(container, 'resources');
					const requests = objectAt(resources, 'requests');
					const limits = objectAt(resources, 'limits');
					const security = objectAt(container, 'securityContext');
					return {
						name: typeof container.name === 'string' ? container.name : '(unnamed)',
						image: typeof container.image === 'string' ? container.image : '',
						hasLivenessProbe: isObject(container.livenessProbe),
						hasReadinessProbe: isObject(container.readinessProbe),
						hasResourceRequests: requests.cpu !== undefined && requests.memory !== undefined,
						hasResourceLimits: limits.memory !== undefined,
						runsAsNonRoot: runsAsNonRoot(security) ?? runsAsNonRoot(podSecurity) ?? false,
					};
				})
				.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
		},
		labels: { ...stringRecord(objectAt(template, 'metadata').labels), ...object.labels },
		images: containers.map((container) => (typeof container.image === 'string' ? container.image : '')).filter(Boolean),
		hosts: [...new Set(containers.flatMap((container) => arrayAt(container, 'env').filter(isObject).flatMap((variable) => (typeof variable.value === 'string' ? hostsInValue(variable.value) : []))))].sort(),
	};
}

/** Env var names that say they hold a secret. */
export const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)/i;

/**
 * How a pod gets its secrets, by name only: the Kubernetes Secrets it mounts or reads, whether the
 * Vault Agent injector or a Vault CSI volume supplies them, and which env vars with secret-looking
 * names carry a literal value (the value itself is never read into the result).
 */
function secretUse(podSpec: Json, containers: readonly Json[], annotations: Record<string, string>): K8sWorkload['secrets'] {
	const secretNames = new Set<string>();
	const literalSecretEnv = new Set<string>();
	for (const container of [...containers, ...arrayAt(podSpec, 'initContainers').filter(isObject)]) {
		for (const variable of arrayAt(container, 'env').filter(isObject)) {
			const reference = objectAt(objectAt(variable, 'valueFrom'), 'secretKeyRef');
			if (typeof reference.name === 'string') secretNames.add(reference.name);
			if (typeof variable.name === 'string' && typeof variable.value === 'string' && variable.value !== '' && SECRET_NAME.test(variable.name)) literalSecretEnv.add(variable.name);
		}
		for (const source of arrayAt(container, 'envFrom').filter(isObject)) {
			const reference = objectAt(source, 'secretRef');
			if (typeof reference.name === 'string') secretNames.add(reference.name);
		}
	}
	let csiProviderClasses: string[] = [];
	for (const volume of arrayAt(podSpec, 'volumes').filter(isObject)) {
		const secret = objectAt(volume, 'secret');
		if (typeof secret.secretName === 'string') secretNames.add(secret.secretName);
		const csi = objectAt(volume, 'csi');
		const providerClass = objectAt(csi, 'volumeAttributes').secretProviderClass;
		if (csi.driver === 'secrets-store.csi.k8s.io' && typeof providerClass === 'string') csiProviderClasses = [...csiProviderClasses, providerClass];
	}
	return {
		secretNames: [...secretNames].sort(),
		literalSecretEnv: [...literalSecretEnv].sort(),
		vaultAgent: annotations['vault.hashicorp.com/agent-inject'] === 'true',
		csiProviderClasses: csiProviderClasses.sort(),
	};
}

export interface IngressInfo {
	hosts: string[];
	tlsHosts: string[];
	/** Services the rules send traffic to. */
	backends: string[];
}

export function extractIngress(object: K8sObject): IngressInfo | null {
	if (object.kind !== 'Ingress') return null;
	const spec = objectAt(object.raw, 'spec');
	const rules = arrayAt(spec, 'rules').filter(isObject);
	const backends = new Set<string>();
	const defaultBackend = objectAt(objectAt(spec, 'defaultBackend'), 'service').name;
	if (typeof defaultBackend === 'string') backends.add(defaultBackend);
	for (const rule of rules) {
		for (const pathRule of arrayAt(objectAt(rule, 'http'), 'paths').filter(isObject)) {
			const backend = objectAt(pathRule, 'backend');
			const name = objectAt(backend, 'service').name ?? backend.serviceName;
			if (typeof name === 'string') backends.add(name);
		}
	}
	return {
		hosts: rules.map((rule) => rule.host).filter((host): host is string => typeof host === 'string').sort(),
		tlsHosts: arrayAt(spec, 'tls').filter(isObject).flatMap((entry) => arrayAt(entry, 'hosts')).filter((host): host is string => typeof host === 'string').sort(),
		backends: [...backends].sort(),
	};
}

/** For an ExternalSecret: the Secret it produces and the store it reads from. */
export function extractExternalSecret(object: K8sObject): { target: string; storeKind: string; storeName: string } | null {
	if (object.kind !== 'ExternalSecret') return null;
	const spec = objectAt(object.raw, 'spec');
	const store = objectAt(spec, 'secretStoreRef');
	const target = objectAt(spec, 'target').name ?? object.name;
	if (typeof store.name !== 'string' || typeof target !== 'string') return null;
	return { target, storeKind: typeof store.kind === 'string' ? store.kind : 'SecretStore', storeName: store.name };
}

/** For a SecretStore/ClusterSecretStore or SecretProviderClass: whether its provider is Vault. */
export function secretBackendIsVault(object: K8sObject): boolean | null {
	if (object.kind === 'SecretStore' || object.kind === 'ClusterSecretStore') return isObject(objectAt(objectAt(object.raw, 'spec'), 'provider').vault);
	if (object.kind === 'SecretProviderClass') return objectAt(object.raw, 'spec').provider === 'vault';
	return null;
}

/** `true`/`false` when the security context decides, `undefined` to fall back to the pod's. */
function runsAsNonRoot(context: Json): boolean | undefined {
	if (typeof context.runAsUser === 'number') return context.runAsUser !== 0;
	if (typeof context.runAsNonRoot === 'boolean') return context.runAsNonRoot;
	return undefined;
}

/** Labels a PodDisruptionBudget selects on. */
export function pdbSelector(object: K8sObject): Record<string, string> | null {
	if (object.kind !== 'PodDisruptionBudget') return null;
	return stringRecord(objectAt(objectAt(object.raw, 'spec'), 'selector').matchLabels);
}

/** Labels a Kubernetes Service selects pods by. */
export function objectSelector(object: K8sObject): Record<string, string> {
	return stringRecord(objectAt(objectAt(object.raw, 'spec'), 'selector'));
}

/** Target kind/name and minimum replicas of a HorizontalPodAutoscaler. */
export function hpaTarget(object: K8sObject): { kind: string; name: string; minReplicas: number } | null {
	if (object.kind !== 'HorizontalPodAutoscaler') return null;
	const spec = objectAt(object.raw, 'spec');
	const target = objectAt(spec, 'scaleTargetRef');
	if (typeof target.kind !== 'string' || typeof target.name !== 'string') return null;
	return { kind: target.kind, name: target.name, minReplicas: typeof spec.minReplicas === 'number' ? spec.minReplicas : 1 };
}

/** Repository name of an image: `registry.io/acme/payments-api:1.2@sha256:…` → `payments-api`. */
export function imageName(image: string): string {
	const withoutDigest = image.split('@')[0] ?? '';
	const lastSegment = withoutDigest.split('/').at(-1) ?? '';
	return lastSegment.split(':')[0] ?? '';
}


function stringRecord(value: unknown): Record<string, string> {
	if (!isObject(value)) return {};
	const record: Record<string, string> = {};
	for (const [key, entry] of Object.entries(value)) if (typeof entry === 'string') record[key] = entry;
	return record;
}
