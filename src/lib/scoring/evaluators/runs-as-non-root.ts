import { z } from 'zod';
import { defineEvaluator } from '../model.ts';
import { judgeAll } from './judge-all.ts';
import { judgeContainers, WORKLOADS_FACT } from './k8s-containers.ts';

export const runsAsNonRoot = defineEvaluator({
	meta: {
		name: 'runs-as-non-root',
		description: 'Every container of every Kubernetes workload of the service runs as a non-root user.',
		requires: [WORKLOADS_FACT],
		options: z.strictObject({}),
		messages: {
			none: 'The service has no Kubernetes workload.',
			failing: '{{failing}} of {{total}} containers may run as root: {{names}}.',
			undetermined: 'The user of {{undetermined}} of {{total}} containers could not be read: {{names}}.',
			passing: 'All {{total}} containers run as non-root.',
		},
	},
	evaluate({ facts }) {
		return judgeAll(
			judgeContainers(facts, (container) => ({
				ok: container.runsAsNonRoot,
				detail: container.runsAsNonRoot ? 'runs as non-root' : 'no runAsNonRoot or non-zero runAsUser',
			})),
		);
	},
});
