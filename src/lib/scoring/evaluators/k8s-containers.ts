// Helpers for evaluators that judge each container of each Kubernetes workload.
import type { K8sWorkload } from '../../../../catalog/schema/facts.ts';
import type { FactView } from '../facts.ts';
import type { ItemVerdict } from './judge-all.ts';

export const WORKLOADS_FACT = 'k8s-manifests.workloads';

export type K8sContainer = K8sWorkload['containers'][number];

/** One verdict per container; `detail` says what is missing when `ok` is false. */
export function judgeContainers(
	facts: FactView,
	judge: (container: K8sContainer, workload: K8sWorkload) => { ok: boolean; detail: string },
): ItemVerdict[] {
	const workloads = facts.get(WORKLOADS_FACT) as K8sWorkload[];
	const verdicts: ItemVerdict[] = [];
	for (const workload of workloads) {
		for (const container of workload.containers) {
			const { ok, detail } = judge(container, workload);
			verdicts.push({
				ok,
				evidence: {
					resource: `${workload.kind}/${workload.namespace}/${workload.name}`,
					file: workload.file,
					line: workload.line,
					detail: `container ${container.name}: ${detail}`,
				},
			});
		}
	}
	return verdicts;
}
