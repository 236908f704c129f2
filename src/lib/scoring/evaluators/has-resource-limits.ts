import { z } from 'zod';
import { defineEvaluator } from '../model.ts';
import { judgeAll } from './judge-all.ts';
import { judgeContainers, WORKLOADS_FACT } from './k8s-containers.ts';

export const hasResourceLimits = defineEvaluator({
	meta: {
		name: 'has-resource-limits',
		description: 'Every container of every Kubernetes workload of the service sets resource requests and a memory limit.',
		requires: [WORKLOADS_FACT],
		options: z.strictObject({
			requests: z.boolean().default(true).meta({ description: 'Require CPU and memory requests.' }),
			limits: z.boolean().default(true).meta({ description: 'Require a memory limit.' }),
		}),
		messages: {
			none: 'The service has no Kubernetes workload.',
			failing: '{{failing}} of {{total}} containers lack resource requests or limits: {{names}}.',
			undetermined: 'Resources of {{undetermined}} of {{total}} containers could not be read: {{names}}.',
			passing: 'All {{total}} containers set their resources.',
		},
	},
	evaluate({ facts, options }) {
		return judgeAll(
			judgeContainers(facts, (container) => {
				const missing: string[] = [];
				if (options.requests && !container.hasResourceRequests) missing.push('requests');
				if (options.limits && !container.hasResourceLimits) missing.push('memory limit');
				return { ok: missing.length === 0, detail: missing.length === 0 ? 'resources set' : `no ${missing.join(' or ')}` };
			}),
		);
	},
});
