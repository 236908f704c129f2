import type { Evidence } from '../../catalog/schema/common.ts';
import { AwsInventoryFacts } from '../../catalog/schema/facts.ts';
import { describeParseError } from '../lib/redact.ts';
import { createServiceMatcher, matchByLabels } from '../lib/service-matcher.ts';
import { defineCollector, INVENTORY_MAX_BYTES, needsInventory, type CollectorProblem, type OrphanResource } from '../types.ts';
import { judgeConfigDatastore, openIngressOf, PLACED_CONFIG_TYPES, readInventoryDocument, vpcOfItem, type ConfigItem, type TaggedResource } from './extract.ts';

/** Datastores, placement, security groups and registries from AWS tagging and Config exports. */
export const awsInventoryCollector = defineCollector({
	id: 'aws-inventory',
	version: 2,
	description: 'Datastores, VPC placement, security groups and ECR repositories from AWS Resource Groups Tagging API and AWS Config exports.',
	source: 'AWS tagging and Config exports',
	howToEnable: 'Put AWS tagging or Config exports (`aws resourcegroupstaggingapi get-resources`) in the inventory directory.',
	facts: AwsInventoryFacts,
	readsInventory: true,
	runtimeFootprint: (facts) => facts.resourceCount > 0,
	skipReason: needsInventory,
	async collect(context) {
		const problems: CollectorProblem[] = [];
		const root = context.inventoryRoot as string;
		const tagged: (TaggedResource & { file: string })[] = [];
		const items: (ConfigItem & { file: string })[] = [];
		const recognised: string[] = [];
		for (const file of await context.glob(root, ['**/*.json'])) {
			const label = `inventory/${file}`;
			let document: unknown;
			try {
				document = JSON.parse(await context.readFile(root, file, INVENTORY_MAX_BYTES));
			} catch (error) {
				// Other collectors read other JSON here; only files that look like AWS exports are reported.
				if (/aws|config|tagging|resources/i.test(file)) problems.push({ serviceId: null, file: label, message: error instanceof SyntaxError ? `invalid JSON: ${describeParseError(error)}` : (error as Error).message });
				continue;
			}
			const parsed = readInventoryDocument(document);
			if (parsed.kind === 'tagging' || parsed.kind === 'config') recognised.push(label);
			if (parsed.kind === 'tagging') tagged.push(...parsed.resources.map((resource) => ({ ...resource, file: label })));
			if (parsed.kind === 'config') items.push(...parsed.items.map((item) => ({ ...item, file: label })));
		}
		if (tagged.length === 0 && items.length === 0) return { facts: new Map(), problems, recognised };

		const match = createServiceMatcher(context.services);
		const tagsByArn = new Map<string, Record<string, string>>();
		for (const resource of tagged) tagsByArn.set(resource.arn, { ...tagsByArn.get(resource.arn), ...resource.tags });
		const serviceOfArn = (arn: string, tags: Record<string, string>) => matchByLabels({ ...tagsByArn.get(arn), ...tags }, context.serviceKeys, match);
		const vpcs = new Map(items.filter((item) => item.resourceType === 'AWS::EC2::VPC').map((item) => [item.resourceId, { isDefault: item.configuration.isDefault === true, tags: item.tags }]));
		const groups = new Map(items.filter((item) => item.resourceType === 'AWS::EC2::SecurityGroup').map((item) => [item.resourceId, item]));

		const facts = new Map<string, AwsInventoryFacts>();
		const factsOf = (serviceId: string) => {
			let value = facts.get(serviceId);
			if (value === undefined) {
				value = { datastores: [], placements: [], securityGroups: [], registries: [], resourceCount: 0 };
				facts.set(serviceId, value);
			}
			return value;
		};
		const counted = new Map<string, Set<string>>();
		const count = (serviceId: string, arn: string) => counted.set(serviceId, (counted.get(serviceId) ?? new Set()).add(arn));
		const orphans: OrphanResource[] = [];
		const groupIdsByService = new Map<string, Set<string>>();

		for (const item of items) {
			const serviceId = serviceOfArn(item.arn, item.tags) ?? (item.resourceType === 'AWS::ECR::Repository' && item.resourceName !== null ? match(item.resourceName.split('/').at(-1)!) : null);
			if (serviceId === null) continue;
			count(serviceId, item.arn);
			const value = factsOf(serviceId);
			const datastore = judgeConfigDatastore(item);
			if (datastore !== null) value.datastores.push({ address: item.arn, type: item.resourceType, file: item.file, region: item.region, ...datastore });
			if (PLACED_CONFIG_TYPES.has(item.resourceType)) {
				const vpcId = vpcOfItem(item);
				const vpc = vpcId === null ? undefined : vpcs.get(vpcId);
				value.placements.push({ address: item.arn, file: item.file, type: item.resourceType, vpcId, vpcIsDefault: vpc?.isDefault ?? null, vpcTags: vpc?.tags ?? {} });
			}
			if (item.resourceType === 'AWS::ECR::Repository') {
				const scanning = item.configuration.ImageScanningConfiguration ?? item.configuration.imageScanningConfiguration;
				const scanOnPush = typeof scanning === 'object' && scanning !== null ? (scanning as Record<string, unknown>).ScanOnPush ?? (scanning as Record<string, unknown>).scanOnPush : undefined;
				value.registries.push({ address: item.arn, file: item.file, name: item.resourceName ?? item.resourceId, scanOnPush: typeof scanOnPush === 'boolean' ? scanOnPush : null });
			}
			const ids = new Set(groupIdsByService.get(serviceId));
			for (const relation of item.related) if (relation.resourceType === 'AWS::EC2::SecurityGroup' && relation.resourceId !== null) ids.add(relation.resourceId);
			if (item.resourceType === 'AWS::EC2::SecurityGroup') ids.add(item.resourceId);
			groupIdsByService.set(serviceId, ids);
		}
		for (const [serviceId, ids] of groupIdsByService) {
			for (const id of [...ids].sort()) {
				const group = groups.get(id);
				if (group !== undefined) factsOf(serviceId).securityGroups.push({ address: group.arn, file: group.file, id, name: group.resourceName ?? id, openIngress: openIngressOf(group) });
			}
		}
		for (const resource of tagged) {
			const serviceId = serviceOfArn(resource.arn, {});
			if (serviceId === null) orphans.push({ collector: 'aws-inventory', resource: resource.arn, type: arnType(resource.arn), file: resource.file, tags: resource.tags });
			else count(serviceId, resource.arn);
		}
		const evidence = new Map<string, Record<string, Evidence[]>>();
		for (const service of context.services) {
			const value = factsOf(service.id);
			value.resourceCount = counted.get(service.id)?.size ?? 0;
			for (const list of [value.datastores, value.placements, value.securityGroups, value.registries]) list.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
			const cite = (list: readonly { address: string; file: string }[]) => list.map((entry) => ({ resource: entry.address, file: entry.file }));
			evidence.set(service.id, { datastores: cite(value.datastores), placements: cite(value.placements), securityGroups: cite(value.securityGroups), registries: cite(value.registries) });
		}
		return { facts, evidence, problems, orphans: dedupe(orphans), recognised };
	},
});

/** `arn:aws:rds:…:db:x` → `rds:db`. */
function arnType(arn: string): string {
	const [, , service = '', , , resource = ''] = arn.split(':');
	return `${service}:${resource.split(/[/:]/)[0] ?? ''}`;
}

function dedupe(orphans: readonly OrphanResource[]): OrphanResource[] {
	const seen = new Set<string>();
	return orphans.filter((orphan) => !seen.has(orphan.resource) && seen.add(orphan.resource));
}
