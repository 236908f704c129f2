// Pure readers of AWS inventory exports: `aws resourcegroupstaggingapi get-resources` output and
// AWS Config configuration items in every shape they come in (API responses with `configuration`
// as a JSON string, snapshot files with objects, Config rule events with the item inside
// `invokingEvent`, and recorded responses wrapped in `{status_code, data}`).
import { arrayAt, isObject, objectAt, type Json } from '../lib/json.ts';

export interface TaggedResource {
	arn: string;
	tags: Record<string, string>;
}

export interface ConfigItem {
	arn: string;
	resourceType: string;
	resourceId: string;
	resourceName: string | null;
	region: string | null;
	tags: Record<string, string>;
	configuration: Json;
	supplementary: Json;
	/** Related resources by type → ids (security groups, subnet groups, VPCs). */
	related: { resourceType: string; resourceId: string | null; resourceName: string | null }[];
}

export type InventoryDocument = { kind: 'tagging'; resources: TaggedResource[] } | { kind: 'config'; items: ConfigItem[] } | { kind: 'other' };

/** What a parsed JSON export holds, or `other` when it is neither format. */
export function readInventoryDocument(document: unknown): InventoryDocument {
	if (!isObject(document)) return { kind: 'other' };
	const body = isObject(document.data) && typeof document.status_code === 'number' ? document.data : document;
	if (Array.isArray(body.ResourceTagMappingList)) {
		return {
			kind: 'tagging',
			resources: body.ResourceTagMappingList.filter(isObject)
				.filter((entry) => typeof entry.ResourceARN === 'string')
				// Real exports carry ARNs with stray whitespace.
				.map((entry) => ({ arn: (entry.ResourceARN as string).trim(), tags: tagList(entry.Tags) })),
		};
	}
	if (Array.isArray(body.configurationItems)) return { kind: 'config', items: body.configurationItems.filter(isObject).flatMap(readItem) };
	if (typeof body.invokingEvent === 'string') {
		const event = parseJson(body.invokingEvent);
		const item = isObject(event) ? event.configurationItem : undefined;
		return isObject(item) ? { kind: 'config', items: readItem(item) } : { kind: 'other' };
	}
	if (typeof body.resourceType === 'string' && (typeof body.arn === 'string' || typeof body.ARN === 'string')) return { kind: 'config', items: readItem(body) };
	return { kind: 'other' };
}

function readItem(item: Json): ConfigItem[] {
	const arn = typeof item.arn === 'string' ? item.arn : typeof item.ARN === 'string' ? item.ARN : null;
	if (arn === null || typeof item.resourceType !== 'string') return [];
	const configuration = typeof item.configuration === 'string' ? parseJson(item.configuration) : item.configuration;
	const supplementary = objectAt(item, 'supplementaryConfiguration');
	return [
		{
			arn: arn.trim(),
			resourceType: item.resourceType,
			resourceId: typeof item.resourceId === 'string' ? item.resourceId : arn,
			resourceName: typeof item.resourceName === 'string' ? item.resourceName : null,
			region: typeof item.awsRegion === 'string' ? item.awsRegion : (arn.split(':')[3] ?? null) || null,
			tags: isObject(item.tags) ? stringValues(item.tags) : tagList(parseSupplementary(supplementary.Tags)),
			configuration: isObject(configuration) ? configuration : {},
			supplementary: Object.fromEntries(Object.entries(supplementary).map(([key, value]) => [key, parseSupplementary(value)])),
			related: arrayAt(item, 'relationships')
				.filter(isObject)
				.map((relation) => ({
					resourceType: typeof relation.resourceType === 'string' ? relation.resourceType : '',
					resourceId: typeof relation.resourceId === 'string' ? relation.resourceId : null,
					resourceName: typeof relation.resourceName === 'string' ? relation.resourceName : null,
				})),
		},
	];
}

/** Backups, encryption and copies of an AWS Config datastore item, or null when it is not one. */
export function judgeConfigDatastore(item: ConfigItem): { backupsEnabled: boolean | null; encryptedAtRest: boolean | null; crossRegionCopy: boolean | null; encryptedInTransit: boolean | null } | null {
	const configuration = item.configuration;
	switch (item.resourceType) {
		case 'AWS::RDS::DBInstance':
		case 'AWS::RDS::DBCluster': {
			const replicas = [...strings(configuration.readReplicaDBInstanceIdentifiers), ...strings(configuration.readReplicaIdentifiers)];
			const replicated = arrayAt(configuration, 'dBInstanceAutomatedBackupsReplications').length > 0;
			return {
				backupsEnabled: positive(configuration.backupRetentionPeriod),
				encryptedAtRest: bool(configuration.storageEncrypted),
				crossRegionCopy: replicated || replicas.some((replica) => (replica.split(':')[3] ?? item.region) !== item.region),
				encryptedInTransit: null,
			};
		}
		case 'AWS::DynamoDB::Table': {
			const status = objectAt(objectAt(item.supplementary, 'ContinuousBackupsDescription'), 'pointInTimeRecoveryDescription').pointInTimeRecoveryStatus;
			const replicas = arrayAt(configuration, 'replicas').filter(isObject).map((replica) => replica.regionName ?? replica.region);
			return {
				backupsEnabled: typeof status === 'string' ? status === 'ENABLED' : null,
				encryptedAtRest: true,
				crossRegionCopy: replicas.some((region) => typeof region === 'string' && region !== item.region),
				encryptedInTransit: null,
			};
		}
		case 'AWS::S3::Bucket': {
			const versioning = objectAt(item.supplementary, 'BucketVersioningConfiguration').status;
			const encryption = item.supplementary.ServerSideEncryptionConfiguration;
			const replication = objectAt(item.supplementary, 'BucketReplicationConfiguration');
			return {
				backupsEnabled: typeof versioning === 'string' ? versioning === 'Enabled' : null,
				encryptedAtRest: encryption === undefined ? null : isObject(encryption),
				// Bucket ARNs carry no region: a replication rule is a copy, its region cannot be told here.
				crossRegionCopy: Object.keys(objectAt(replication, 'rules')).length > 0 || arrayAt(replication, 'rules').length > 0 ? null : false,
				encryptedInTransit: null,
			};
		}
		case 'AWS::EC2::Volume':
		case 'AWS::EFS::FileSystem':
			return { backupsEnabled: null, encryptedAtRest: bool(configuration.encrypted ?? configuration.Encrypted), crossRegionCopy: null, encryptedInTransit: null };
		case 'AWS::ElastiCache::ReplicationGroup':
			return {
				backupsEnabled: positive(configuration.snapshotRetentionLimit),
				encryptedAtRest: bool(configuration.atRestEncryptionEnabled),
				crossRegionCopy: null,
				encryptedInTransit: bool(configuration.transitEncryptionEnabled),
			};
		default:
			return null;
	}
}

/** Ingress rules of a security group item open to the internet. */
export function openIngressOf(item: ConfigItem): { cidr: string; fromPort: number; toPort: number; protocol: string }[] | null {
	// A configuration without `ipPermissions` did not record the rules; that is not "no rules".
	if (!Array.isArray(item.configuration.ipPermissions)) return null;
	return arrayAt(item.configuration, 'ipPermissions')
		.filter(isObject)
		.flatMap((permission) => {
			const protocol = String(permission.ipProtocol ?? '-1');
			const all = protocol === '-1';
			const fromPort = all ? 0 : typeof permission.fromPort === 'number' ? permission.fromPort : 0;
			const toPort = all ? 65535 : typeof permission.toPort === 'number' ? permission.toPort : 65535;
			const cidrs = [
				...arrayAt(permission, 'ipv4Ranges').filter(isObject).map((range) => range.cidrIp),
				...arrayAt(permission, 'ipRanges').map((range) => (isObject(range) ? range.cidrIp : range)),
				...arrayAt(permission, 'ipv6Ranges').filter(isObject).map((range) => range.cidrIpv6),
			].filter((cidr): cidr is string => cidr === '0.0.0.0/0' || cidr === '::/0');
			return [...new Set(cidrs)].map((cidr) => ({ cidr, fromPort, toPort, protocol }));
		});
}

/** The VPC a compute or database item runs in, when its configuration says. */
export function vpcOfItem(item: ConfigItem): string | null {
	const configuration = item.configuration;
	const candidates = [configuration.vpcId, objectAt(configuration, 'dBSubnetGroup').vpcId, objectAt(configuration, 'vpcConfig').vpcId, objectAt(configuration, 'VpcConfig').VpcId];
	const direct = candidates.find((candidate): candidate is string => typeof candidate === 'string' && candidate !== '');
	return direct ?? item.related.find((relation) => relation.resourceType === 'AWS::EC2::VPC')?.resourceId ?? null;
}

export const PLACED_CONFIG_TYPES = new Set(['AWS::EC2::Instance', 'AWS::RDS::DBInstance', 'AWS::Lambda::Function', 'AWS::ECS::Service', 'AWS::ElastiCache::ReplicationGroup']);

function tagList(value: unknown): Record<string, string> {
	const tags: Record<string, string> = {};
	for (const entry of Array.isArray(value) ? value.filter(isObject) : []) {
		const key = entry.Key ?? entry.key;
		const tagValue = entry.Value ?? entry.value;
		if (typeof key === 'string' && typeof tagValue === 'string') tags[key] = tagValue;
	}
	return tags;
}

function stringValues(value: Json): Record<string, string> {
	return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function parseSupplementary(value: unknown): unknown {
	return typeof value === 'string' ? (parseJson(value) ?? value) : value;
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return null;
	}
}

function strings(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

function positive(value: unknown): boolean | null {
	return typeof value === 'number' ? value > 0 : null;
}

function bool(value: unknown): boolean | null {
	return typeof value === 'boolean' ? value : null;
}
