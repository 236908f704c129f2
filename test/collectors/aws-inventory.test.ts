import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { judgeConfigDatastore, openIngressOf, readInventoryDocument, vpcOfItem, type ConfigItem } from '../../collectors/aws-inventory/extract.ts';
import { REAL_FIXTURES } from '../support/temp.ts';

const read = async (file: string) => readInventoryDocument(JSON.parse(await readFile(`${REAL_FIXTURES}${file}`, 'utf8')));

describe('AWS exports (real samples)', () => {
	it('reads the AWS CLI get-resources example, trimming the ARN with a leading space', async () => {
		const document = await read('aws-tagging/aws-cli__examples__get-resources.output.json');

		expect(document).toEqual({ kind: 'tagging', resources: [{ arn: 'arn:aws:inspector:us-west-2:123456789012:target/0-nvgVhaxX/template/0-7sbz2Kz0', tags: { Environment: 'Production' } }] });
	});

	it.each([
		'aws-tagging/cloud-custodian__test_elasticache_sharded_copy_cluster_tags__tagging.GetResources_2.json',
		'aws-tagging/cloud-custodian__test_lambda_has_specific_managed_policy__tagging.GetResources_1.json',
		'aws-tagging/cloud-custodian__test_rds_snapshot_region_copy_many__tagging.GetResources_1.json',
	])('reads recorded tagging responses: %s', async (file) => {
		const document = await read(file);

		expect(document.kind).toBe('tagging');
		expect(document.kind === 'tagging' && document.resources.every((resource) => resource.arn.startsWith('arn:aws:'))).toBe(true);
	});

	it('reads a Config item with configuration as a JSON string and judges the RDS cluster', async () => {
		const document = await read('aws-config/cloud-custodian__config__rds-cluster.json');
		const item = document.kind === 'config' ? document.items[0]! : undefined;

		expect(item).toMatchObject({ arn: 'arn:aws:rds:us-east-1:644160558196:cluster:database-1', resourceType: 'AWS::RDS::DBCluster', region: 'us-east-1', tags: { Owner: 'Mc-Mcslice' } });
		expect(judgeConfigDatastore(item!)).toMatchObject({ backupsEnabled: true, encryptedAtRest: expect.any(Boolean) });
		expect(item!.related.some((relation) => relation.resourceType === 'AWS::EC2::SecurityGroup')).toBe(true);
	});

	it('reads the recorded GetResourceConfigHistory response (ECS service)', async () => {
		const document = await read('aws-config/cloud-custodian__placebo__test_ecs_service_config__config.GetResourceConfigHistory_1.json');

		expect(document.kind === 'config' && document.items[0]).toMatchObject({ resourceType: 'AWS::ECS::Service', resourceName: 'queue-processor', region: 'us-east-2' });
	});

	it('reads the configuration item inside a Config rule event (EC2 instance and its VPC)', async () => {
		const document = await read('aws-config/cloud-custodian__cwe__event-config-rule-instance.json');
		const item = document.kind === 'config' ? document.items[0]! : undefined;

		expect(item).toMatchObject({ resourceType: 'AWS::EC2::Instance', tags: { Name: 'redrum-redrum' } });
		expect(vpcOfItem(item!)).toMatch(/^vpc-/);
	});

	it('says when a JSON file is neither format', () => {
		expect(readInventoryDocument({ version: 4, resources: [] })).toEqual({ kind: 'other' });
	});
});

describe('Config datastores and security groups', () => {
	const item = (resourceType: string, configuration: Record<string, unknown>, supplementary: Record<string, unknown> = {}): ConfigItem => ({ arn: 'arn:aws:x:eu-west-1:1:y', resourceType, resourceId: 'y', resourceName: 'y', region: 'eu-west-1', tags: {}, configuration, supplementary, related: [] });

	it.each<[string, ConfigItem, Record<string, unknown>]>([
		['RDS with a replica in another region', item('AWS::RDS::DBInstance', { backupRetentionPeriod: 7, storageEncrypted: true, readReplicaDBInstanceIdentifiers: ['arn:aws:rds:us-east-1:1:db:replica'] }), { backupsEnabled: true, encryptedAtRest: true, crossRegionCopy: true }],
		['RDS without backups', item('AWS::RDS::DBInstance', { backupRetentionPeriod: 0, storageEncrypted: false }), { backupsEnabled: false, encryptedAtRest: false, crossRegionCopy: false }],
		['DynamoDB with point-in-time recovery', item('AWS::DynamoDB::Table', {}, { ContinuousBackupsDescription: { pointInTimeRecoveryDescription: { pointInTimeRecoveryStatus: 'ENABLED' } } }), { backupsEnabled: true, encryptedAtRest: true }],
		['S3 with versioning', item('AWS::S3::Bucket', {}, { BucketVersioningConfiguration: { status: 'Enabled' }, ServerSideEncryptionConfiguration: { rules: [] } }), { backupsEnabled: true, encryptedAtRest: true }],
		['unencrypted volume', item('AWS::EC2::Volume', { encrypted: false }), { encryptedAtRest: false }],
		['cache without transit encryption', item('AWS::ElastiCache::ReplicationGroup', { transitEncryptionEnabled: false, atRestEncryptionEnabled: true, snapshotRetentionLimit: 1 }), { encryptedInTransit: false, encryptedAtRest: true, backupsEnabled: true }],
	])('%s', (_name, input, expected) => {
		expect(judgeConfigDatastore(input)).toMatchObject(expected);
	});

	it('finds ingress open to the internet', () => {
		const group = item('AWS::EC2::SecurityGroup', { ipPermissions: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }], ipRanges: ['0.0.0.0/0'] }, { ipProtocol: 'tcp', fromPort: 443, toPort: 443, ipv4Ranges: [{ cidrIp: '10.0.0.0/8' }] }] });

		expect(openIngressOf(group)).toEqual([{ cidr: '0.0.0.0/0', fromPort: 22, toPort: 22, protocol: 'tcp' }]);
	});
});
