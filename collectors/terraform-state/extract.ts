// Pure readers of Terraform state (format v4) and `terraform show -json` output. Only the booleans
// checks need are derived from attributes; attribute values (which include plaintext passwords and
// keys) are never kept.
import { arrayAt, isObject, objectAt, type Json } from '../lib/json.ts';

export interface StateResource {
	/** Full address, e.g. `module.db.aws_db_instance.main[0]`. */
	address: string;
	type: string;
	attributes: Record<string, unknown>;
}

export type StateParseResult = { ok: true; resources: StateResource[]; /** Addresses of instances that carry no `attributes` object. */ withoutAttributes: string[] } | { ok: false; message: string };


/** Reads a parsed JSON document as Terraform state v4 or `terraform show -json`. */
export function readState(document: unknown): StateParseResult {
	if (!isObject(document)) return { ok: false, message: 'not a Terraform state: the file is not a JSON object' };
	if (typeof document.format_version === 'string' && isObject(document.values)) {
		const resources = readShowJsonModule(objectAt(document.values, 'root_module'));
		return { ok: true, resources: resources.map(({ resource }) => resource), withoutAttributes: resources.filter(({ hasAttributes }) => !hasAttributes).map(({ resource }) => resource.address) };
	}
	if (typeof document.version !== 'number') {
		return { ok: false, message: 'not a Terraform state: no "version" field (expected state format v4 or `terraform show -json` output)' };
	}
	if (document.version !== 4) {
		return {
			ok: false,
			message: `Terraform state format v${document.version} is not supported; only v4 is read. Upgrade the state with a current Terraform (\`terraform state pull\` after \`terraform init\`), or export \`terraform show -json\`.`,
		};
	}
	const resources: StateResource[] = [];
	const withoutAttributes: string[] = [];
	for (const resource of arrayAt(document, 'resources').filter(isObject)) {
		if (resource.mode !== 'managed' || typeof resource.type !== 'string' || typeof resource.name !== 'string') continue;
		const prefix = typeof resource.module === 'string' && resource.module !== '' ? `${resource.module}.` : '';
		for (const instance of arrayAt(resource, 'instances').filter(isObject)) {
			const address = `${prefix}${resource.type}.${resource.name}${indexSuffix(instance.index_key)}`;
			if (!isObject(instance.attributes)) withoutAttributes.push(address);
			resources.push({ address, type: resource.type, attributes: objectAt(instance, 'attributes') });
		}
	}
	return { ok: true, resources, withoutAttributes };
}

function readShowJsonModule(module: Json): { resource: StateResource; hasAttributes: boolean }[] {
	const resources: { resource: StateResource; hasAttributes: boolean }[] = [];
	for (const resource of arrayAt(module, 'resources').filter(isObject)) {
		if (resource.mode !== 'managed' || typeof resource.address !== 'string' || typeof resource.type !== 'string') continue;
		resources.push({ resource: { address: resource.address, type: resource.type, attributes: objectAt(resource, 'values') }, hasAttributes: isObject(resource.values) });
	}
	for (const child of arrayAt(module, 'child_modules').filter(isObject)) resources.push(...readShowJsonModule(child));
	return resources;
}

function indexSuffix(key: unknown): string {
	if (typeof key === 'number') return `[${key}]`;
	if (typeof key === 'string') return `[${JSON.stringify(key)}]`;
	return '';
}

export interface DatastoreVerdict {
	backupsEnabled: boolean | null;
	encryptedAtRest: boolean | null;
}

export const DATASTORE_TYPES = [
	'aws_db_instance',
	'aws_rds_cluster',
	'aws_dynamodb_table',
	'aws_s3_bucket',
	'aws_elasticache_replication_group',
	'aws_efs_file_system',
	'aws_ebs_volume',
] as const;

/**
 * Backups and encryption of one datastore. `related` holds the separate S3 resources
 * (`aws_s3_bucket_versioning`, `aws_s3_bucket_server_side_encryption_configuration`) by bucket name.
 */
export function judgeDatastore(resource: StateResource, related: ReadonlyMap<string, StateResource[]>): DatastoreVerdict | null {
	const attributes = resource.attributes;
	switch (resource.type) {
		case 'aws_db_instance':
		case 'aws_rds_cluster':
			return { backupsEnabled: positive(attributes.backup_retention_period), encryptedAtRest: bool(attributes.storage_encrypted) };
		case 'aws_dynamodb_table': {
			const recovery = firstObject(attributes.point_in_time_recovery);
			return { backupsEnabled: recovery === null ? (attributes.point_in_time_recovery === undefined ? null : false) : bool(recovery.enabled), encryptedAtRest: true };
		}
		case 'aws_s3_bucket': {
			const bucket = typeof attributes.bucket === 'string' ? attributes.bucket : '';
			const separate = related.get(bucket) ?? [];
			const inlineVersioning = firstObject(attributes.versioning);
			const separateVersioning = separate.find((item) => item.type === 'aws_s3_bucket_versioning');
			const versioningStatus = separateVersioning === undefined ? null : firstObject(separateVersioning.attributes.versioning_configuration)?.status;
			const backupsEnabled = versioningStatus === 'Enabled' || inlineVersioning?.enabled === true ? true : inlineVersioning === null && separateVersioning === undefined && attributes.versioning === undefined ? null : false;
			const inlineEncryption = firstObject(attributes.server_side_encryption_configuration);
			const separateEncryption = separate.some((item) => item.type === 'aws_s3_bucket_server_side_encryption_configuration');
			return { backupsEnabled, encryptedAtRest: separateEncryption || inlineEncryption !== null ? true : attributes.server_side_encryption_configuration === undefined ? null : false };
		}
		case 'aws_elasticache_replication_group':
			return { backupsEnabled: positive(attributes.snapshot_retention_limit), encryptedAtRest: bool(attributes.at_rest_encryption_enabled) };
		case 'aws_efs_file_system':
			return { backupsEnabled: null, encryptedAtRest: bool(attributes.encrypted) };
		case 'aws_ebs_volume':
			return { backupsEnabled: null, encryptedAtRest: bool(attributes.encrypted) };
		default:
			return null;
	}
}

/** Tags of a resource (`tags_all` includes provider default tags); `[]` and null count as none. */
export function tagsOf(resource: StateResource): Record<string, string> {
	const tags: Record<string, string> = {};
	for (const key of ['tags', 'tags_all']) {
		const value = resource.attributes[key];
		if (!isObject(value)) continue;
		for (const [tag, tagValue] of Object.entries(value)) if (typeof tagValue === 'string') tags[tag] = tagValue;
	}
	return tags;
}

function positive(value: unknown): boolean | null {
	return typeof value === 'number' ? value > 0 : null;
}

function bool(value: unknown): boolean | null {
	return typeof value === 'boolean' ? value : null;
}

function firstObject(value: unknown): Json | null {
	if (Array.isArray(value)) return isObject(value[0]) ? value[0] : null;
	return isObject(value) ? value : null;
}

