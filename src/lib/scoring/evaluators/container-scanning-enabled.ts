import { z } from 'zod';
import type { RepoFilesFacts, TerraformStateFacts } from '../../../../catalog/schema/facts.ts';
import { defineEvaluator, type EvaluatorResult } from '../model.ts';

const REGISTRY_SOURCES = ['terraform-state.registries', 'aws-inventory.registries'] as const;

export const containerScanningEnabled = defineEvaluator({
	meta: {
		name: 'container-scanning-enabled',
		description: 'The container image of the service is scanned: its ECR repository scans on push, or a CI workflow that builds it runs a scanner (Trivy, Grype, Snyk Container, Docker Scout, Anchore).',
		requires: ['repo-files.dockerfiles', 'repo-files.ciWorkflows'],
		options: z.strictObject({}),
		messages: {
			none: 'The service builds no container image.',
			registry: 'ECR repository {{names}} scans images on push.',
			ci: 'CI workflow {{names}} scans the image ({{scanners}}).',
			unscanned: 'Neither its ECR repository nor its CI workflows scan the image.',
			undetermined: 'No CI workflow scans the image, and no registry inventory was collected to tell whether ECR does.',
		},
	},
	evaluate({ facts }): EvaluatorResult {
		const dockerfiles = facts.get('repo-files.dockerfiles') as RepoFilesFacts['dockerfiles'];
		if (dockerfiles.length === 0) return { outcome: 'not-applicable', messageId: 'none' };
		const workflows = (facts.get('repo-files.ciWorkflows') as RepoFilesFacts['ciWorkflows']).filter((workflow) => workflow.scanners.length > 0);
		if (workflows.length > 0) {
			return {
				outcome: 'pass',
				messageId: 'ci',
				data: { names: workflows.map((workflow) => workflow.name).join(', '), scanners: [...new Set(workflows.flatMap((workflow) => workflow.scanners))].join(', ') },
				evidence: workflows.map((workflow) => ({ file: workflow.file })),
			};
		}
		const collected = REGISTRY_SOURCES.map((path) => facts.get(path) as TerraformStateFacts['registries'] | undefined).filter((list) => list !== undefined);
		const registries = collected.flat();
		const scanning = registries.filter((registry) => registry.scanOnPush === true);
		if (scanning.length > 0) return { outcome: 'pass', messageId: 'registry', data: { names: scanning.map((registry) => registry.name).join(', ') }, evidence: scanning.map((registry) => ({ resource: registry.address, file: registry.file })) };
		if (collected.length === 0) return { outcome: 'unknown', messageId: 'undetermined' };
		return { outcome: 'fail', messageId: 'unscanned', evidence: [...registries.map((registry) => ({ resource: registry.address, file: registry.file, detail: 'scan on push off' })), ...dockerfiles.map((dockerfile) => ({ file: dockerfile.path }))] };
	},
});
