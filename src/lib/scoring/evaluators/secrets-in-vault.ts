import { z } from 'zod';
import type { K8sManifestsFacts } from '../../../../catalog/schema/facts.ts';
import { defineEvaluator } from '../model.ts';
import { judgeAll, type ItemVerdict } from './judge-all.ts';
import { WORKLOADS_FACT } from './k8s-containers.ts';

export const secretsInVault = defineEvaluator({
	meta: {
		name: 'secrets-in-vault',
		description: 'Every workload that uses secrets gets them from Vault (Agent injector, an ExternalSecret with a Vault store, or the Vault CSI provider), and no secret-looking env var holds a literal value.',
		requires: [WORKLOADS_FACT, 'k8s-manifests.vaultSecrets'],
		options: z.strictObject({}),
		messages: {
			none: 'No workload of the service uses secrets.',
			failing: '{{failing}} of {{total}} workloads using secrets do not get them all from Vault: {{names}}.',
			undetermined: 'The secret sources of {{undetermined}} of {{total}} workloads could not be read: {{names}}.',
			passing: 'All {{total}} workloads using secrets get them from Vault.',
		},
	},
	evaluate({ facts }) {
		const manifests = { workloads: facts.get(WORKLOADS_FACT), vaultSecrets: facts.get('k8s-manifests.vaultSecrets') } as Pick<K8sManifestsFacts, 'workloads' | 'vaultSecrets'>;
		const fromVault = new Set(manifests.vaultSecrets);
		const verdicts: ItemVerdict[] = [];
		for (const workload of manifests.workloads) {
			const { secretNames, literalSecretEnv, vaultAgent, csiProviderClasses } = workload.secrets;
			if (secretNames.length === 0 && literalSecretEnv.length === 0 && !vaultAgent && csiProviderClasses.length === 0) continue;
			const notFromVault = vaultAgent ? [] : [...secretNames.filter((name) => !fromVault.has(name)), ...csiProviderClasses.filter((name) => !fromVault.has(`csi:${name}`)).map((name) => `CSI ${name}`)];
			const problems = [...literalSecretEnv.map((name) => `literal value in ${name}`), ...notFromVault.map((name) => `Secret ${name} not from Vault`)];
			verdicts.push({
				ok: problems.length === 0,
				evidence: { resource: `${workload.kind}/${workload.namespace}/${workload.name}`, file: workload.file, line: workload.line, detail: problems.length === 0 ? 'secrets from Vault' : problems.join('; ') },
			});
		}
		return judgeAll(verdicts);
	},
});
