import { z } from 'zod';
import { defineEvaluator } from '../model.ts';
import { judgeAll } from './judge-all.ts';
import { judgeContainers, WORKLOADS_FACT } from './k8s-containers.ts';

const PROBES = ['liveness', 'readiness'] as const;

export const hasHealthProbes = defineEvaluator({
	meta: {
		name: 'has-health-probes',
		description: 'Every container of every Kubernetes workload of the service defines the required health probes.',
		requires: [WORKLOADS_FACT],
		options: z.strictObject({
			probes: z
				.array(z.enum(PROBES))
				.min(1)
				.default(['liveness', 'readiness'])
				.meta({ description: 'Probes every container must define.' }),
		}),
		messages: {
			none: 'The service has no Kubernetes workload.',
			failing: '{{failing}} of {{total}} containers lack a required probe: {{names}}.',
			undetermined: 'Probes of {{undetermined}} of {{total}} containers could not be read: {{names}}.',
			passing: 'All {{total}} containers define their probes.',
		},
	},
	evaluate({ facts, options }) {
		return judgeAll(
			judgeContainers(facts, (container) => {
				const missing = options.probes.filter((probe) =>
					probe === 'liveness' ? !container.hasLivenessProbe : !container.hasReadinessProbe,
				);
				return { ok: missing.length === 0, detail: missing.length === 0 ? 'probes set' : `no ${missing.join(' or ')} probe` };
			}),
		);
	},
});
