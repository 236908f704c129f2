import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { judgeDatastore, readState, tagsOf, type StateResource } from '../../collectors/terraform-state/extract.ts';
import { REAL_FIXTURES } from '../support/temp.ts';

const REAL = `${REAL_FIXTURES}terraform-state/`;

describe('Terraform state (real samples)', () => {
	it.each([['driftctl__aws_db_instance.tfstate'], ['driftctl__aws_dynamodb_table.tfstate'], ['driftctl__aws_lambda_function.tfstate'], ['driftctl__aws_sqs_queue.tfstate'], ['inframap__aws_state_sg.tfstate.json'], ['inframap__multi_module_state.tfstate.json'], ['inframap__repeated_modules.tfstate.json']])('reads %s', async (file) => {
		const state = readState(JSON.parse(await readFile(`${REAL}${file}`, 'utf8')));

		expect(state.ok).toBe(true);
		if (state.ok) expect(state.resources.length).toBeGreaterThan(0);
	});

	it('rejects the v3 state with the version and what to do, instead of half-reading it', async () => {
		const state = readState(JSON.parse(await readFile(`${REAL}inframap__version_3_state.tfstate.json`, 'utf8')));

		expect(state).toEqual({ ok: false, message: expect.stringMatching(/^Terraform state format v3 is not supported; only v4 is read\./) });
	});

	it('addresses module resources with their index keys', async () => {
		const state = readState(JSON.parse(await readFile(`${REAL}inframap__repeated_modules.tfstate.json`, 'utf8')));

		expect(state.ok && state.resources.some((resource) => /^module\.[\w-]+(\[[^\]]+\])?\./.test(resource.address))).toBe(true);
	});

	it('judges the real RDS instance and DynamoDB table', async () => {
		const rds = readState(JSON.parse(await readFile(`${REAL}driftctl__aws_db_instance.tfstate`, 'utf8')));
		const dynamo = readState(JSON.parse(await readFile(`${REAL}driftctl__aws_dynamodb_table.tfstate`, 'utf8')));
		const first = (state: ReturnType<typeof readState>, type: string) => (state.ok ? state.resources.find((resource) => resource.type === type) : undefined)!;

		expect(judgeDatastore(first(rds, 'aws_db_instance'), new Map())).toEqual({ backupsEnabled: expect.any(Boolean), encryptedAtRest: expect.any(Boolean) });
		expect(judgeDatastore(first(dynamo, 'aws_dynamodb_table'), new Map())?.encryptedAtRest).toBe(true);
	});

	it('reads every real sample in the folder (none is skipped by accident)', async () => {
		const files = await readdir(REAL);

		expect(files).toHaveLength(8);
	});
});

describe('readState', () => {
	it.each([
		['not an object', '[]'],
		['no version', '{"resources": []}'],
		['another JSON format', '{"ResourceTagMappingList": []}'],
	])('rejects %s', (_name, text) => {
		expect(readState(JSON.parse(text)).ok).toBe(false);
	});

	it('reads `terraform show -json` output with child modules', () => {
		const state = readState({
			format_version: '1.0',
			values: { root_module: { resources: [{ address: 'aws_s3_bucket.a', mode: 'managed', type: 'aws_s3_bucket', values: { bucket: 'a' } }], child_modules: [{ address: 'module.db', resources: [{ address: 'module.db.aws_db_instance.main', mode: 'managed', type: 'aws_db_instance', values: {} }] }] } },
		});

		expect(state.ok && state.resources.map((resource) => resource.address)).toEqual(['aws_s3_bucket.a', 'module.db.aws_db_instance.main']);
	});
});

describe('judgeDatastore', () => {
	const resource = (type: string, attributes: Record<string, unknown>): StateResource => ({ address: `${type}.x`, type, attributes });

	it.each<[string, StateResource, Map<string, StateResource[]>, { backupsEnabled: boolean | null; encryptedAtRest: boolean | null }]>([
		['RDS with retention', resource('aws_db_instance', { backup_retention_period: 7, storage_encrypted: true }), new Map(), { backupsEnabled: true, encryptedAtRest: true }],
		['RDS without retention', resource('aws_db_instance', { backup_retention_period: 0, storage_encrypted: false }), new Map(), { backupsEnabled: false, encryptedAtRest: false }],
		['RDS with attributes missing', resource('aws_rds_cluster', {}), new Map(), { backupsEnabled: null, encryptedAtRest: null }],
		['DynamoDB with PITR', resource('aws_dynamodb_table', { point_in_time_recovery: [{ enabled: true }] }), new Map(), { backupsEnabled: true, encryptedAtRest: true }],
		['DynamoDB without PITR', resource('aws_dynamodb_table', { point_in_time_recovery: [{ enabled: false }] }), new Map(), { backupsEnabled: false, encryptedAtRest: true }],
		['S3 inline versioning and encryption', resource('aws_s3_bucket', { bucket: 'b', versioning: [{ enabled: true }], server_side_encryption_configuration: [{ rule: [] }] }), new Map(), { backupsEnabled: true, encryptedAtRest: true }],
		['S3 separate resources', resource('aws_s3_bucket', { bucket: 'b' }), new Map([['b', [resource('aws_s3_bucket_versioning', { bucket: 'b', versioning_configuration: [{ status: 'Enabled' }] }), resource('aws_s3_bucket_server_side_encryption_configuration', { bucket: 'b' })]]]), { backupsEnabled: true, encryptedAtRest: true }],
		['S3 versioning suspended', resource('aws_s3_bucket', { bucket: 'b', versioning: [{ enabled: false }], server_side_encryption_configuration: [] }), new Map(), { backupsEnabled: false, encryptedAtRest: false }],
		['ElastiCache', resource('aws_elasticache_replication_group', { snapshot_retention_limit: 5, at_rest_encryption_enabled: false }), new Map(), { backupsEnabled: true, encryptedAtRest: false }],
	])('%s', (_name, input, related, verdict) => {
		expect(judgeDatastore(input, related)).toEqual(verdict);
	});

	it('is null for resources that are not datastores', () => {
		expect(judgeDatastore(resource('aws_lambda_function', {}), new Map())).toBeNull();
	});

	it('reads tags and tags_all, treating [] as no tags', () => {
		expect(tagsOf(resource('aws_s3_bucket', { tags: [], tags_all: { service: 'a' } }))).toEqual({ service: 'a' });
	});
});
