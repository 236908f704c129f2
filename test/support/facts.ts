import type { Service } from '../../catalog/schema/service.ts';
import type { K8sManifestsFacts, K8sWorkload, RepoFilesFacts, TerraformStateFacts } from '../../catalog/schema/facts.ts';

/** A valid service record with everything empty; override what the test is about. */
export function buildService(overrides: Partial<Service> = {}): Service {
	return {
		id: 'svc',
		name: 'svc',
		description: null,
		path: 'services/svc',
		registered: true,
		aliases: [],
		owner: null,
		owners: [],
		ownerSource: null,
		suggestedOwners: [],
		language: null,
		tier: null,
		lifecycle: null,
		tags: [],
		links: [],
		dependsOn: [],
		facts: {},
		evidence: {},
		errors: [],
		...overrides,
	};
}

export function buildWorkload(overrides: Partial<K8sWorkload> = {}, container: Partial<K8sWorkload['containers'][number]> = {}): K8sWorkload {
	return {
		kind: 'Deployment',
		namespace: 'default',
		name: 'svc',
		file: 'deploy/svc.yaml',
		line: 1,
		replicas: 2,
		containers: [
			{
				name: 'app',
				image: 'registry.example/svc:1.0.0',
				hasLivenessProbe: true,
				hasReadinessProbe: true,
				hasResourceRequests: true,
				hasResourceLimits: true,
				runsAsNonRoot: true,
				...container,
			},
		],
		logsEnabled: null,
		secrets: { secretNames: [], literalSecretEnv: [], vaultAgent: false, csiProviderClasses: [] },
		...overrides,
	};
}

export function buildK8s(workloads: K8sWorkload[], overrides: Partial<K8sManifestsFacts> = {}): K8sManifestsFacts {
	return { workloads, minReplicas: null, hasPodDisruptionBudget: false, ingresses: [], vaultSecrets: [], ...overrides };
}

export function buildRepoFiles(overrides: Partial<RepoFilesFacts> = {}): RepoFilesFacts {
	return { hasReadme: true, hasTests: true, languages: [], dockerfiles: [], ciWorkflows: [], frameworks: [], packages: [], ...overrides };
}

export function buildTerraform(overrides: Partial<TerraformStateFacts> = {}): TerraformStateFacts {
	return { datastores: [], listeners: [], placements: [], securityGroups: [], registries: [], ...overrides };
}
