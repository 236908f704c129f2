// Pure: what the readiness checks need from a set of Terraform resources, per resource. Joins
// across resources (subnet → VPC, listener → load balancer, bucket → replication configuration)
// happen here, over all state files at once. Only derived values, ids, names and tags are kept;
// no attribute value that could be a secret.
import { isObject, type Json } from '../lib/json.ts';
import { judgeDatastore, tagsOf, type StateResource } from './extract.ts';

export interface Located {
	address: string;
	file: string;
}

export interface DatastoreFact extends Located {
	type: string;
	region: string | null;
	backupsEnabled: boolean | null;
	encryptedAtRest: boolean | null;
	/** A copy in another region (replica, backup replication); null when it cannot be told. */
	crossRegionCopy: boolean | null;
	/** Only for caches that speak a network protocol (ElastiCache); null elsewhere. */
	encryptedInTransit: boolean | null;
}

export interface ListenerFact extends Located {
	protocol: string;
	port: number | null;
	/** An HTTP listener whose default action only redirects to HTTPS. */
	redirectsToHttps: boolean;
}

export interface PlacementFact extends Located {
	type: string;
	vpcId: string | null;
	vpcIsDefault: boolean | null;
	vpcTags: Record<string, string>;
}

export interface SecurityGroupFact extends Located {
	id: string;
	name: string;
	/** Ingress rules open to the internet (0.0.0.0/0 or ::/0); null when the state recorded none at all. */
	openIngress: { cidr: string; fromPort: number; toPort: number; protocol: string }[] | null;
}

export interface RegistryFact extends Located {
	name: string;
	scanOnPush: boolean | null;
}

/** Everything one service owns, before it is turned into facts. */
export interface ServiceInventory {
	datastores: DatastoreFact[];
	listeners: ListenerFact[];
	placements: PlacementFact[];
	securityGroups: SecurityGroupFact[];
	registries: RegistryFact[];
}

export type LocatedResource = StateResource & { file: string };

const PLACED_TYPES = new Set(['aws_instance', 'aws_db_instance', 'aws_rds_cluster', 'aws_ecs_service', 'aws_lambda_function', 'aws_eks_node_group', 'aws_elasticache_replication_group', 'aws_lb', 'aws_alb', 'aws_autoscaling_group']);
const S3_COMPANIONS = new Set(['aws_s3_bucket_versioning', 'aws_s3_bucket_server_side_encryption_configuration', 'aws_s3_bucket_replication_configuration']);

/**
 * Builds each service's inventory. `serviceOf` names the service a resource belongs to (from its
 * tags) or null; listeners and security groups inherit the service of what they are attached to.
 */
/** The datastore type of an EC2 instance's root and block-device volumes (they count for encryption at rest). */
export const INSTANCE_VOLUME = 'aws_instance_volume';

export function buildInventory(resources: readonly LocatedResource[], serviceOfResource: (resource: LocatedResource) => string | null): Map<string, ServiceInventory> {
	const index = indexResources(resources);
	// An EBS volume without tags of its own belongs to the service of the instance it is attached to.
	const instances = new Map(resources.filter((resource) => resource.type === 'aws_instance' && typeof resource.attributes.id === 'string').map((resource) => [resource.attributes.id as string, resource]));
	const attachedTo = new Map(resources.filter((resource) => resource.type === 'aws_volume_attachment').map((resource) => [String(resource.attributes.volume_id), String(resource.attributes.instance_id)]));
	const serviceOf = (resource: LocatedResource): string | null => {
		const own = serviceOfResource(resource);
		if (own !== null || resource.type !== 'aws_ebs_volume') return own;
		const instance = instances.get(attachedTo.get(String(resource.attributes.id)) ?? '');
		return instance === undefined ? null : serviceOfResource(instance);
	};
	const inventories = new Map<string, ServiceInventory>();
	const inventoryOf = (serviceId: string) => {
		let inventory = inventories.get(serviceId);
		if (inventory === undefined) {
			inventory = { datastores: [], listeners: [], placements: [], securityGroups: [], registries: [] };
			inventories.set(serviceId, inventory);
		}
		return inventory;
	};
	const seen = new Set<string>();
	const balancers = new Map<string, string>();
	const groupsByService = new Map<string, Set<string>>();

	for (const resource of resources) {
		// The same resource in two state files (a copy, a backup) is counted once.
		if (seen.has(resource.address)) continue;
		seen.add(resource.address);
		const serviceId = serviceOf(resource);
		if (serviceId === null) continue;
		const inventory = inventoryOf(serviceId);
		const attributes = resource.attributes;
		const located = { address: resource.address, file: resource.file };

		// A read replica is the copy of another database (see markReplicaSources), not a datastore to back up.
		const isReplica = typeof attributes.replicate_source_db === 'string' && attributes.replicate_source_db !== '';
		const verdict = isReplica ? null : judgeDatastore(resource, index.s3Companions);
		if (verdict !== null) {
			inventory.datastores.push({
				...located,
				type: resource.type,
				region: regionOf(resource),
				...verdict,
				crossRegionCopy: crossRegionCopy(resource, index),
				encryptedInTransit: resource.type === 'aws_elasticache_replication_group' ? bool(attributes.transit_encryption_enabled) : null,
			});
		}
		if (resource.type === 'aws_instance') {
			for (const volume of instanceVolumes(resource)) inventory.datastores.push({ ...volume, file: resource.file, type: INSTANCE_VOLUME, region: regionOf(resource), backupsEnabled: null, crossRegionCopy: null, encryptedInTransit: null });
		}
		if (PLACED_TYPES.has(resource.type)) {
			const vpcId = vpcOf(resource, index);
			const vpc = vpcId === null ? undefined : index.vpcs.get(vpcId);
			inventory.placements.push({ ...located, type: resource.type, vpcId, vpcIsDefault: vpc?.isDefault ?? null, vpcTags: vpc?.tags ?? {} });
			for (const group of securityGroupIds(attributes)) groupsByService.set(serviceId, (groupsByService.get(serviceId) ?? new Set()).add(group));
		}
		if (resource.type === 'aws_lb' || resource.type === 'aws_alb') {
			for (const key of [attributes.arn, attributes.id]) if (typeof key === 'string') balancers.set(key.trim(), serviceId);
		}
		if (resource.type === 'aws_security_group' && typeof attributes.id === 'string') {
			groupsByService.set(serviceId, (groupsByService.get(serviceId) ?? new Set()).add(attributes.id));
		}
		if (resource.type === 'aws_ecr_repository' && typeof attributes.name === 'string') {
			const scanning = firstObject(attributes.image_scanning_configuration);
			inventory.registries.push({ ...located, name: attributes.name, scanOnPush: scanning === null ? null : bool(scanning.scan_on_push) });
		}
	}
	// Listeners belong to the service of their load balancer.
	for (const resource of resources) {
		if (resource.type !== 'aws_lb_listener' && resource.type !== 'aws_alb_listener') continue;
		const balancer = typeof resource.attributes.load_balancer_arn === 'string' ? resource.attributes.load_balancer_arn.trim() : '';
		const serviceId = balancers.get(balancer) ?? serviceOf(resource);
		if (serviceId === null) continue;
		const actions = (Array.isArray(resource.attributes.default_action) ? resource.attributes.default_action : []).filter(isObject);
		const redirectsToHttps = actions.length > 0 && actions.every((action) => action.type === 'redirect' && firstObject(action.redirect)?.protocol === 'HTTPS');
		inventoryOf(serviceId).listeners.push({
			address: resource.address,
			file: resource.file,
			protocol: typeof resource.attributes.protocol === 'string' ? resource.attributes.protocol : 'HTTP',
			port: typeof resource.attributes.port === 'number' ? resource.attributes.port : null,
			redirectsToHttps,
		});
	}
	for (const [serviceId, groups] of groupsByService) {
		const inventory = inventoryOf(serviceId);
		for (const id of [...groups].sort()) {
			const group = index.securityGroups.get(id);
			if (group !== undefined) inventory.securityGroups.push(group);
		}
	}
	for (const inventory of inventories.values()) {
		for (const list of Object.values(inventory) as Located[][]) list.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
	}
	return inventories;
}

interface ResourceIndex {
	s3Companions: Map<string, StateResource[]>;
	subnets: Map<string, string>;
	vpcs: Map<string, { isDefault: boolean; tags: Record<string, string> }>;
	/** DB subnet groups by name: their subnets, and the VPC the state records for them. */
	dbSubnetGroups: Map<string, { subnets: string[]; vpcId: string | null }>;
	securityGroups: Map<string, SecurityGroupFact>;
	/** Bucket names and ARNs → region. */
	bucketRegions: Map<string, string | null>;
	/** Source database ARNs whose automated backups are replicated (to another region by design). */
	replicatedBackups: Set<string>;
}

function indexResources(resources: readonly LocatedResource[]): ResourceIndex {
	const index: ResourceIndex = {
		s3Companions: new Map(),
		subnets: new Map(),
		vpcs: new Map(),
		dbSubnetGroups: new Map(),
		securityGroups: new Map(),
		bucketRegions: new Map(),
		replicatedBackups: new Set(),
	};
	const rules: LocatedResource[] = [];
	for (const resource of resources) {
		const attributes = resource.attributes;
		const id = typeof attributes.id === 'string' ? attributes.id : null;
		switch (resource.type) {
			case 'aws_subnet':
				if (id !== null && typeof attributes.vpc_id === 'string') index.subnets.set(id, attributes.vpc_id);
				break;
			case 'aws_vpc':
			case 'aws_default_vpc':
				if (id !== null) index.vpcs.set(id, { isDefault: resource.type === 'aws_default_vpc' || attributes.default === true, tags: tagsOf(resource) });
				break;
			case 'aws_db_subnet_group':
				if (typeof attributes.name === 'string') index.dbSubnetGroups.set(attributes.name, { subnets: strings(attributes.subnet_ids), vpcId: typeof attributes.vpc_id === 'string' && attributes.vpc_id !== '' ? attributes.vpc_id : null });
				break;
			case 'aws_security_group':
				if (id !== null) {
					index.securityGroups.set(id, {
						address: resource.address,
						file: resource.file,
						id,
						name: typeof attributes.name === 'string' ? attributes.name : id,
						// No `ingress` attribute at all means the rules were not recorded, not that there are none.
						openIngress: Array.isArray(attributes.ingress) ? attributes.ingress.filter(isObject).flatMap(openRules) : null,
					});
				}
				break;
			case 'aws_security_group_rule':
			case 'aws_vpc_security_group_ingress_rule':
				rules.push(resource);
				break;
			case 'aws_s3_bucket':
				for (const key of [attributes.bucket, attributes.arn]) if (typeof key === 'string') index.bucketRegions.set(key.trim(), regionOf(resource));
				break;
			case 'aws_db_instance_automated_backups_replication':
				if (typeof attributes.source_db_instance_arn === 'string') index.replicatedBackups.add(attributes.source_db_instance_arn.trim());
				break;
			default:
				if (S3_COMPANIONS.has(resource.type) && typeof attributes.bucket === 'string') {
					index.s3Companions.set(attributes.bucket, [...(index.s3Companions.get(attributes.bucket) ?? []), resource]);
				}
		}
	}
	// Separate ingress rules add to their group.
	for (const rule of rules) {
		const attributes = rule.attributes;
		if (rule.type === 'aws_security_group_rule' && attributes.type !== 'ingress') continue;
		const group = typeof attributes.security_group_id === 'string' ? index.securityGroups.get(attributes.security_group_id) : undefined;
		if (group === undefined) continue;
		const normalised = rule.type === 'aws_vpc_security_group_ingress_rule'
			? { cidr_blocks: [attributes.cidr_ipv4].filter(Boolean), ipv6_cidr_blocks: [attributes.cidr_ipv6].filter(Boolean), from_port: attributes.from_port, to_port: attributes.to_port, protocol: attributes.ip_protocol }
			: attributes;
		group.openIngress = [...(group.openIngress ?? []), ...openRules(normalised)];
	}
	return index;
}

function openRules(rule: Json): NonNullable<SecurityGroupFact['openIngress']> {
	const cidrs = [...strings(rule.cidr_blocks), ...strings(rule.ipv6_cidr_blocks)].filter((cidr) => cidr === '0.0.0.0/0' || cidr === '::/0');
	const protocol = typeof rule.protocol === 'string' ? rule.protocol : String(rule.protocol ?? '-1');
	const all = protocol === '-1' || protocol === 'all';
	const fromPort = all ? 0 : typeof rule.from_port === 'number' ? rule.from_port : 0;
	const toPort = all ? 65535 : typeof rule.to_port === 'number' ? rule.to_port : 65535;
	return cidrs.map((cidr) => ({ cidr, fromPort, toPort, protocol }));
}

function crossRegionCopy(resource: LocatedResource, index: ResourceIndex): boolean | null {
	const attributes = resource.attributes;
	const region = regionOf(resource);
	switch (resource.type) {
		case 'aws_db_instance':
		case 'aws_rds_cluster': {
			const arn = typeof attributes.arn === 'string' ? attributes.arn.trim() : '';
			if (index.replicatedBackups.has(arn)) return true;
			// Read replicas in another region are found by markReplicaSources, over all resources.
			return region === null ? null : false;
		}
		case 'aws_dynamodb_table': {
			const replicas = (Array.isArray(attributes.replica) ? attributes.replica : []).filter(isObject);
			return replicas.some((replica) => typeof replica.region_name === 'string' && replica.region_name !== region);
		}
		case 'aws_s3_bucket': {
			const bucket = typeof attributes.bucket === 'string' ? attributes.bucket : '';
			const configurations = (index.s3Companions.get(bucket) ?? []).filter((companion) => companion.type === 'aws_s3_bucket_replication_configuration');
			const inline = (Array.isArray(attributes.replication_configuration) ? attributes.replication_configuration : []).filter(isObject);
			const destinations = [...configurations.map((configuration) => configuration.attributes), ...inline]
				.flatMap((configuration) => (Array.isArray(configuration.rule) ? configuration.rule : Array.isArray(configuration.rules) ? configuration.rules : []).filter(isObject))
				.flatMap((rule) => (Array.isArray(rule.destination) ? rule.destination : []).filter(isObject))
				.map((destination) => (typeof destination.bucket === 'string' ? destination.bucket.trim() : ''));
			if (destinations.length === 0) return false;
			return destinations.some((destination) => {
				const destinationRegion = index.bucketRegions.get(destination) ?? index.bucketRegions.get(destination.replace(/^arn:aws:s3:::/, '')) ?? null;
				return destinationRegion !== null && region !== null && destinationRegion !== region;
			});
		}
		default:
			return null;
	}
}

/** Read replicas in another region count as the source's cross-region copy. */
export function markReplicaSources(resources: readonly LocatedResource[], inventories: Map<string, ServiceInventory>): void {
	const regionById = new Map<string, string | null>();
	for (const resource of resources) {
		if (resource.type !== 'aws_db_instance') continue;
		for (const key of [resource.attributes.identifier, resource.attributes.arn]) if (typeof key === 'string') regionById.set(key.trim(), regionOf(resource));
	}
	const copied = new Set<string>();
	for (const resource of resources) {
		const source = resource.attributes.replicate_source_db;
		if (resource.type !== 'aws_db_instance' || typeof source !== 'string' || source === '') continue;
		const sourceRegion = regionById.get(source.trim()) ?? regionFromArn(source);
		const replicaRegion = regionOf(resource);
		if (sourceRegion !== null && replicaRegion !== null && sourceRegion !== replicaRegion) copied.add(source.trim());
	}
	// Looked up by address (the first resource of an address, as a scan would find it), not scanned
	// per datastore: that was datastores × resources, a second of 20,000 services' state.
	const byAddress = new Map<string, LocatedResource>();
	for (const resource of resources) if (!byAddress.has(resource.address)) byAddress.set(resource.address, resource);
	for (const inventory of inventories.values()) {
		for (const datastore of inventory.datastores) {
			const resource = byAddress.get(datastore.address);
			const keys = [resource?.attributes.identifier, resource?.attributes.arn].filter((key): key is string => typeof key === 'string').map((key) => key.trim());
			if (keys.some((key) => copied.has(key))) datastore.crossRegionCopy = true;
		}
	}
}

/** The root volume and the block devices an EC2 instance declares inline, with their encryption. */
function instanceVolumes(resource: LocatedResource): { address: string; encryptedAtRest: boolean | null }[] {
	const volumes: { address: string; encryptedAtRest: boolean | null }[] = [];
	const root = firstObject(resource.attributes.root_block_device);
	// An instance always has a root volume; when the state does not describe it, its encryption is unknown.
	volumes.push({ address: `${resource.address}.root_block_device`, encryptedAtRest: root === null ? null : bool(root.encrypted) });
	for (const device of (Array.isArray(resource.attributes.ebs_block_device) ? resource.attributes.ebs_block_device : []).filter(isObject)) {
		const name = typeof device.device_name === 'string' ? device.device_name : '?';
		volumes.push({ address: `${resource.address}.ebs_block_device[${JSON.stringify(name)}]`, encryptedAtRest: bool(device.encrypted) });
	}
	return volumes;
}

function vpcOf(resource: LocatedResource, index: ResourceIndex): string | null {
	const attributes = resource.attributes;
	if (typeof attributes.vpc_id === 'string' && attributes.vpc_id !== '') return attributes.vpc_id;
	const vpcConfig = firstObject(attributes.vpc_config);
	if (vpcConfig !== null && typeof vpcConfig.vpc_id === 'string' && vpcConfig.vpc_id !== '') return vpcConfig.vpc_id;
	// RDS and Aurora are placed through a DB subnet group, whose state records its VPC even when the
	// subnets live in another state file.
	const subnetGroup = typeof attributes.db_subnet_group_name === 'string' ? index.dbSubnetGroups.get(attributes.db_subnet_group_name) : undefined;
	if (subnetGroup?.vpcId != null) return subnetGroup.vpcId;
	const subnets = [
		...strings(attributes.subnet_ids),
		...strings(attributes.subnets),
		...strings(attributes.vpc_zone_identifier),
		...(typeof attributes.subnet_id === 'string' ? [attributes.subnet_id] : []),
		...strings(vpcConfig?.subnet_ids),
		...strings(firstObject(attributes.network_configuration)?.subnets),
		...(subnetGroup?.subnets ?? []),
	];
	for (const subnet of subnets) {
		const vpc = index.subnets.get(subnet);
		if (vpc !== undefined) return vpc;
	}
	return null;
}

function securityGroupIds(attributes: Json): string[] {
	return [
		...strings(attributes.vpc_security_group_ids),
		...strings(attributes.security_groups),
		...strings(firstObject(attributes.vpc_config)?.security_group_ids),
		...strings(firstObject(attributes.network_configuration)?.security_groups),
		...strings(attributes.security_group_ids),
	];
}

/** Region from the resource's ARN, or its `region` attribute. */
export function regionOf(resource: StateResource): string | null {
	if (typeof resource.attributes.region === 'string' && resource.attributes.region !== '') return resource.attributes.region;
	return typeof resource.attributes.arn === 'string' ? regionFromArn(resource.attributes.arn) : null;
}

function regionFromArn(arn: string): string | null {
	const region = arn.trim().split(':')[3];
	return region === undefined || region === '' ? null : region;
}

function strings(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

function bool(value: unknown): boolean | null {
	return typeof value === 'boolean' ? value : null;
}

function firstObject(value: unknown): Json | null {
	if (Array.isArray(value)) return isObject(value[0]) ? value[0] : null;
	return isObject(value) ? value : null;
}
