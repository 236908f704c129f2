// Facts of the `k8s-manifests` collector.
import { z } from 'zod';

export const K8sContainer = z.strictObject({
	name: z.string().meta({ description: 'Container name.' }),
	image: z.string().meta({ description: 'Image reference.' }),
	hasLivenessProbe: z.boolean().meta({ description: 'A livenessProbe is set.' }),
	hasReadinessProbe: z.boolean().meta({ description: 'A readinessProbe is set.' }),
	hasResourceRequests: z.boolean().meta({ description: 'CPU and memory requests are set.' }),
	hasResourceLimits: z.boolean().meta({ description: 'A memory limit is set.' }),
	runsAsNonRoot: z.boolean().meta({ description: 'runAsNonRoot or a non-zero runAsUser applies (pod or container level).' }),
});

export const K8sWorkload = z.strictObject({
	kind: z.string().meta({ description: 'Deployment, StatefulSet, DaemonSet, CronJob or Job.' }),
	namespace: z.string().meta({ description: 'Namespace (`default` when unset).' }),
	name: z.string().meta({ description: 'metadata.name.' }),
	file: z.string().meta({ description: 'Manifest file relative to its root.' }),
	line: z.number().int().positive().meta({ description: 'Line where the object starts.' }),
	renderedFrom: z
		.string()
		.optional()
		.meta({ description: 'The Kustomize overlay (directory) this object was rendered from, approximately, when it came through a kustomization; absent for plain manifests and dumps.' }),
	renderedBy: z
		.string()
		.optional()
		.meta({ description: 'The command that rendered this object (`kustomize build overlays/prod`, `helm template checkout charts/checkout --values …`) when `render: true` ran it; absent otherwise.' }),
	replicas: z.number().int().nonnegative().nullable().meta({ description: 'spec.replicas (null for kinds without it).' }),
	containers: z.array(K8sContainer).meta({ description: 'Containers (init containers excluded).' }),
	logsEnabled: z
		.boolean()
		.nullable()
		.meta({ description: 'The Filebeat hint annotation `co.elastic.logs/enabled` (true/false), or null when absent.' }),
	secrets: z
		.strictObject({
			secretNames: z.array(z.string()).meta({ description: 'Kubernetes Secrets the pod reads (env, envFrom, volumes).' }),
			literalSecretEnv: z.array(z.string()).meta({ description: 'Env vars with secret-looking names set to a literal value (names only, never values).' }),
			vaultAgent: z.boolean().meta({ description: 'The Vault Agent injector annotation is on.' }),
			csiProviderClasses: z.array(z.string()).meta({ description: 'SecretProviderClasses mounted through the Secrets Store CSI driver.' }),
		})
		.meta({ description: 'How the pod gets its secrets.' }),
});
export type K8sWorkload = z.infer<typeof K8sWorkload>;

/** Facts from Kubernetes manifests. */
export const K8sManifestsFacts = z
	.strictObject({
		workloads: z.array(K8sWorkload).meta({ description: 'Workloads labelled for this service, sorted by kind/namespace/name.' }),
		minReplicas: z
			.number()
			.int()
			.nonnegative()
			.nullable()
			.meta({ description: 'Smallest replica count across Deployments/StatefulSets; null when none.' }),
		hasPodDisruptionBudget: z.boolean().meta({ description: 'A PodDisruptionBudget selects the service.' }),
		ingresses: z
			.array(
				z.strictObject({
					resource: z.string().meta({ description: 'Ingress/namespace/name.' }),
					file: z.string().meta({ description: 'Manifest file.' }),
					line: z.number().int().positive().meta({ description: 'Line where it starts.' }),
					hosts: z.array(z.string()).meta({ description: 'Hosts it serves.' }),
					tlsHosts: z.array(z.string()).meta({ description: 'Hosts covered by its TLS section.' }),
				}),
			)
			.meta({ description: 'Ingresses that route to the service.' }),
		vaultSecrets: z
			.array(z.string())
			.meta({ description: 'Kubernetes Secrets of the service produced from Vault (ExternalSecret with a Vault store, or a Vault SecretProviderClass).' }),
	})
	.meta({ description: 'Facts from Kubernetes manifests (collector `k8s-manifests`).' });
export type K8sManifestsFacts = z.infer<typeof K8sManifestsFacts>;
