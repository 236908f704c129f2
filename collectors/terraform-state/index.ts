import type { Evidence } from '../../catalog/schema/common.ts';
import { TerraformStateFacts } from '../../catalog/schema/facts.ts';
import { describeParseError } from '../lib/redact.ts';
import { createServiceMatcher, matchByLabels } from '../lib/service-matcher.ts';
import { defineCollector, INVENTORY_MAX_BYTES, needsInventory, type CollectorProblem, type OrphanResource } from '../types.ts';
import { DATASTORE_TYPES, readState, tagsOf } from './extract.ts';
import { buildInventory, markReplicaSources, type LocatedResource } from './inventory.ts';

/** Resources that should belong to a service; one that no service claims is an orphan. */
const OWNABLE_TYPES = new Set<string>([...DATASTORE_TYPES, 'aws_instance', 'aws_ecs_service', 'aws_lambda_function', 'aws_lb', 'aws_alb', 'aws_ecr_repository', 'aws_eks_node_group', 'aws_autoscaling_group', 'aws_sqs_queue', 'aws_sns_topic']);

function orphanedResources(resources: readonly LocatedResource[], serviceOf: (resource: LocatedResource) => string | null): OrphanResource[] {
	const seen = new Set<string>();
	const orphans: OrphanResource[] = [];
	for (const resource of resources) {
		if (!OWNABLE_TYPES.has(resource.type) || seen.has(resource.address) || serviceOf(resource) !== null) continue;
		seen.add(resource.address);
		const tags = tagsOf(resource);
		orphans.push({ collector: 'terraform-state', resource: resource.address, type: resource.type, file: resource.file, tags });
	}
	return orphans;
}

/** Datastores and their backup and encryption settings from Terraform state files. */
export const terraformStateCollector = defineCollector({
	id: 'terraform-state',
	version: 3,
	description: 'Datastores, load balancer listeners, VPC placement, security groups and container registries from Terraform state.',
	source: 'Terraform state',
	howToEnable: 'Put Terraform state files (`terraform state pull > prod.tfstate`) in the inventory directory.',
	facts: TerraformStateFacts,
	readsInventory: true,
	runtimeFootprint: (facts) => facts.placements.length > 0 || facts.datastores.length > 0,
	skipReason: needsInventory,
	async collect(context) {
		const problems: CollectorProblem[] = [];
		const recognised: string[] = [];
		const resources: LocatedResource[] = [];
		const root = context.inventoryRoot as string;
		const files = await context.glob(root, ['**/*.tfstate', '**/*.tfstate.json', '**/*.tfstate.backup', '**/terraform-show*.json', '**/*.tfplan.json']);
		for (const file of files) {
			const label = `inventory/${file}`;
			let document: unknown;
			try {
				document = JSON.parse(await context.readFile(root, file, INVENTORY_MAX_BYTES));
			} catch (error) {
				problems.push({ serviceId: null, file: label, message: error instanceof SyntaxError ? `invalid JSON (truncated or not a state file): ${describeParseError(error)}` : (error as Error).message });
				continue;
			}
			const state = readState(document);
			if (!state.ok) {
				problems.push({ serviceId: null, file: label, message: state.message });
				continue;
			}
			recognised.push(label);
			for (const resource of state.resources) resources.push({ ...resource, file: label });
			for (const address of state.withoutAttributes) {
				problems.push({ serviceId: null, file: label, message: `${address} has no attributes (an old or partial state?); checks that need it cannot judge it. Refresh the state with a current Terraform.` });
			}
		}
		if (files.length === 0) return { facts: new Map(), problems, recognised };

		const match = createServiceMatcher(context.services);
		const serviceOf = (resource: LocatedResource) =>
			matchByLabels(tagsOf(resource), context.serviceKeys, match) ??
			(resource.type === 'aws_ecr_repository' && typeof resource.attributes.name === 'string' ? match(resource.attributes.name.split('/').at(-1)!) : null);
		const inventories = buildInventory(resources, serviceOf);
		markReplicaSources(resources, inventories);

		const facts = new Map<string, TerraformStateFacts>();
		const evidence = new Map<string, Record<string, Evidence[]>>();
		for (const service of context.services) {
			const inventory = inventories.get(service.id) ?? { datastores: [], listeners: [], placements: [], securityGroups: [], registries: [] };
			facts.set(service.id, inventory);
			const cite = (items: readonly { address: string; file: string }[]) => items.map((item) => ({ resource: item.address, file: item.file }));
			evidence.set(service.id, {
				datastores: cite(inventory.datastores),
				listeners: cite(inventory.listeners),
				placements: cite(inventory.placements),
				securityGroups: cite(inventory.securityGroups),
				registries: cite(inventory.registries),
			});
		}
		const orphans = orphanedResources(resources, serviceOf);
		return { facts, evidence, problems, orphans, recognised };
	},
});
