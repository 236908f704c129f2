import { z } from 'zod';
import type { K8sWorkload } from '../../../../catalog/schema/facts.ts';
import { defineEvaluator, type EvaluatorResult } from '../model.ts';
import { WORKLOADS_FACT } from './k8s-containers.ts';

const PACKAGES_FACT = 'repo-files.packages';

/** Elastic Common Schema logging libraries, per ecosystem. */
export const DEFAULT_ECS_LIBRARIES = [
	'@elastic/ecs-winston-format',
	'@elastic/ecs-pino-format',
	'@elastic/ecs-morgan-format',
	'ecs-logging',
	'ecs-logging-python',
	'co.elastic.logging:logback-ecs-encoder',
	'co.elastic.logging:log4j2-ecs-layout',
	'Elastic.CommonSchema.Serilog',
	'Elastic.CommonSchema.NLog',
	'go.elastic.co/ecszap',
	'go.elastic.co/ecslogrus',
	'ecs-logging-ruby',
	'elastic/ecs-logging',
] as const;

export const logsShippedToElk = defineEvaluator({
	meta: {
		name: 'logs-shipped-to-elk',
		description: 'The service ships logs to ELK: a workload carries the Filebeat hint `co.elastic.logs/enabled: "true"`, or the service depends on an Elastic ECS logging library; an explicit "false" fails.',
		requires: [],
		requiresAny: [WORKLOADS_FACT, PACKAGES_FACT],
		options: z.strictObject({
			libraries: z.array(z.string()).default([...DEFAULT_ECS_LIBRARIES]).meta({ description: 'Dependencies that count as an ECS logging library.' }),
		}),
		messages: {
			none: 'The service has no workload and no dependencies to judge.',
			disabled: 'Filebeat is told to skip the logs of {{names}}.',
			annotated: 'Filebeat collects the logs of {{names}}.',
			library: 'The service logs in ECS format with {{names}}.',
			missing: 'Neither a Filebeat hint annotation nor an ECS logging library was found.',
		},
	},
	evaluate({ facts, options }): EvaluatorResult {
		const workloads = (facts.get(WORKLOADS_FACT) as K8sWorkload[] | undefined) ?? [];
		const packages = (facts.get(PACKAGES_FACT) as string[] | undefined) ?? [];
		const cite = (list: readonly K8sWorkload[]) => list.map((workload) => ({ resource: `${workload.kind}/${workload.namespace}/${workload.name}`, file: workload.file, line: workload.line }));
		const disabled = workloads.filter((workload) => workload.logsEnabled === false);
		if (disabled.length > 0) return { outcome: 'fail', messageId: 'disabled', data: { names: disabled.map((workload) => workload.name).join(', ') }, evidence: cite(disabled) };
		const enabled = workloads.filter((workload) => workload.logsEnabled === true);
		if (enabled.length > 0) return { outcome: 'pass', messageId: 'annotated', data: { names: enabled.map((workload) => workload.name).join(', ') }, evidence: cite(enabled) };
		const libraries = packages.filter((name) => options.libraries.includes(name));
		if (libraries.length > 0) return { outcome: 'pass', messageId: 'library', data: { names: libraries.join(', ') } };
		if (workloads.length === 0 && packages.length === 0) return { outcome: 'not-applicable', messageId: 'none' };
		return { outcome: 'fail', messageId: 'missing', evidence: cite(workloads) };
	},
});
