import { describe, expect, it } from 'vitest';
import { buildInventory, markReplicaSources, type LocatedResource } from '../../collectors/terraform-state/inventory.ts';

const resource = (address: string, type: string, attributes: Record<string, unknown>): LocatedResource => ({ address, type, attributes, file: 'inventory/s.tfstate' });
const byService = (resources: LocatedResource[]) => {
	const inventories = buildInventory(resources, (item) => (item.attributes.tags as Record<string, string> | undefined)?.service ?? null);
	markReplicaSources(resources, inventories);
	return inventories;
};

describe('Terraform inventory joins', () => {
	const network = [
		resource('aws_vpc.prod', 'aws_vpc', { id: 'vpc-p', tags: { env: 'production' } }),
		resource('aws_default_vpc.d', 'aws_default_vpc', { id: 'vpc-d' }),
		resource('aws_subnet.a', 'aws_subnet', { id: 'subnet-a', vpc_id: 'vpc-p' }),
		resource('aws_db_subnet_group.g', 'aws_db_subnet_group', { name: 'g', subnet_ids: ['subnet-a'] }),
	];

	it('places a database through its subnet group, and an instance in the default VPC', () => {
		const inventory = byService([
			...network,
			resource('aws_db_instance.db', 'aws_db_instance', { db_subnet_group_name: 'g', tags: { service: 'api' } }),
			resource('aws_instance.box', 'aws_instance', { vpc_id: 'vpc-d', tags: { service: 'api' } }),
		]).get('api')!;

		expect(inventory.placements.map(({ address, vpcId, vpcIsDefault, vpcTags }) => ({ address, vpcId, vpcIsDefault, vpcTags }))).toEqual([
			{ address: 'aws_db_instance.db', vpcId: 'vpc-p', vpcIsDefault: false, vpcTags: { env: 'production' } },
			{ address: 'aws_instance.box', vpcId: 'vpc-d', vpcIsDefault: true, vpcTags: {} },
		]);
	});

	it('places an Aurora cluster through a subnet group whose subnets are in another state, by the VPC the group records', () => {
		const inventory = byService([
			resource('aws_vpc.prod', 'aws_vpc', { id: 'vpc-p', tags: { env: 'production' } }),
			resource('aws_db_subnet_group.aurora', 'aws_db_subnet_group', { name: 'aurora', subnet_ids: ['subnet-elsewhere'], vpc_id: 'vpc-p' }),
			resource('aws_rds_cluster.orders', 'aws_rds_cluster', { db_subnet_group_name: 'aurora', tags: { service: 'orders' } }),
		]).get('orders')!;

		expect(inventory.placements).toMatchObject([{ address: 'aws_rds_cluster.orders', vpcId: 'vpc-p', vpcIsDefault: false, vpcTags: { env: 'production' } }]);
	});

	it("counts an instance's root and block-device volumes, and an attached EBS volume, as the service's datastores", () => {
		const inventory = byService([
			resource('aws_instance.web', 'aws_instance', { id: 'i-1', tags: { service: 'web' }, root_block_device: [{ encrypted: false, volume_size: 8 }], ebs_block_device: [{ device_name: '/dev/sdf', encrypted: true }] }),
			resource('aws_ebs_volume.data', 'aws_ebs_volume', { id: 'vol-1', encrypted: false }),
			resource('aws_volume_attachment.data', 'aws_volume_attachment', { volume_id: 'vol-1', instance_id: 'i-1', device_name: '/dev/sdg' }),
			resource('aws_ebs_volume.loose', 'aws_ebs_volume', { id: 'vol-2', encrypted: true }),
		]).get('web')!;

		expect(inventory.datastores.map(({ address, type, encryptedAtRest }) => ({ address, type, encryptedAtRest }))).toEqual([
			{ address: 'aws_ebs_volume.data', type: 'aws_ebs_volume', encryptedAtRest: false },
			{ address: 'aws_instance.web.ebs_block_device["/dev/sdf"]', type: 'aws_instance_volume', encryptedAtRest: true },
			{ address: 'aws_instance.web.root_block_device', type: 'aws_instance_volume', encryptedAtRest: false },
		]);
	});

	it('attaches security groups with inline and separate ingress rules', () => {
		const inventory = byService([
			resource('aws_security_group.sg', 'aws_security_group', { id: 'sg-1', name: 'db', ingress: [{ cidr_blocks: ['0.0.0.0/0'], from_port: 5432, to_port: 5432, protocol: 'tcp' }] }),
			resource('aws_security_group_rule.ssh', 'aws_security_group_rule', { type: 'ingress', security_group_id: 'sg-1', cidr_blocks: ['0.0.0.0/0'], from_port: 22, to_port: 22, protocol: 'tcp' }),
			resource('aws_vpc_security_group_ingress_rule.v6', 'aws_vpc_security_group_ingress_rule', { security_group_id: 'sg-1', cidr_ipv6: '::/0', from_port: 443, to_port: 443, ip_protocol: 'tcp' }),
			resource('aws_db_instance.db', 'aws_db_instance', { vpc_security_group_ids: ['sg-1'], tags: { service: 'api' } }),
		]).get('api')!;

		expect(inventory.securityGroups[0]?.openIngress).toEqual([
			{ cidr: '0.0.0.0/0', fromPort: 5432, toPort: 5432, protocol: 'tcp' },
			{ cidr: '0.0.0.0/0', fromPort: 22, toPort: 22, protocol: 'tcp' },
			{ cidr: '::/0', fromPort: 443, toPort: 443, protocol: 'tcp' },
		]);
	});

	it('gives listeners the service of their load balancer, trimming ARNs', () => {
		const inventory = byService([
			resource('aws_lb.web', 'aws_lb', { arn: 'arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/web/1', tags: { service: 'web' } }),
			resource('aws_lb_listener.http', 'aws_lb_listener', { load_balancer_arn: ' arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/web/1', protocol: 'HTTP', port: 80, default_action: [{ type: 'redirect', redirect: [{ protocol: 'HTTPS' }] }] }),
			resource('aws_lb_listener.tcp', 'aws_lb_listener', { load_balancer_arn: 'arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/web/1', protocol: 'TCP', port: 9000, default_action: [{ type: 'forward' }] }),
		]).get('web')!;

		expect(inventory.listeners.map(({ address, protocol, redirectsToHttps }) => ({ address, protocol, redirectsToHttps }))).toEqual([
			{ address: 'aws_lb_listener.http', protocol: 'HTTP', redirectsToHttps: true },
			{ address: 'aws_lb_listener.tcp', protocol: 'TCP', redirectsToHttps: false },
		]);
	});

	it.each<[string, LocatedResource[], boolean | null]>([
		['RDS read replica in another region', [resource('aws_db_instance.main', 'aws_db_instance', { identifier: 'main', arn: 'arn:aws:rds:eu-west-1:1:db:main', tags: { service: 's' } }), resource('aws_db_instance.replica', 'aws_db_instance', { arn: 'arn:aws:rds:us-east-1:1:db:r', replicate_source_db: 'arn:aws:rds:eu-west-1:1:db:main' })], true],
		['RDS read replica in the same region', [resource('aws_db_instance.main', 'aws_db_instance', { identifier: 'main', arn: 'arn:aws:rds:eu-west-1:1:db:main', tags: { service: 's' } }), resource('aws_db_instance.replica', 'aws_db_instance', { arn: 'arn:aws:rds:eu-west-1:1:db:r', replicate_source_db: 'main' })], false],
		['RDS automated backups replication', [resource('aws_db_instance.main', 'aws_db_instance', { arn: 'arn:aws:rds:eu-west-1:1:db:main', tags: { service: 's' } }), resource('aws_db_instance_automated_backups_replication.r', 'aws_db_instance_automated_backups_replication', { source_db_instance_arn: 'arn:aws:rds:eu-west-1:1:db:main' })], true],
		['S3 replication to a bucket in another region', [resource('aws_s3_bucket.a', 'aws_s3_bucket', { bucket: 'a', region: 'eu-west-1', tags: { service: 's' } }), resource('aws_s3_bucket.b', 'aws_s3_bucket', { bucket: 'b', arn: 'arn:aws:s3:::b', region: 'us-east-1' }), resource('aws_s3_bucket_replication_configuration.a', 'aws_s3_bucket_replication_configuration', { bucket: 'a', rule: [{ destination: [{ bucket: 'arn:aws:s3:::b' }] }] })], true],
		['DynamoDB replica', [resource('aws_dynamodb_table.t', 'aws_dynamodb_table', { arn: 'arn:aws:dynamodb:eu-west-1:1:table/t', replica: [{ region_name: 'us-east-1' }], point_in_time_recovery: [{ enabled: true }], tags: { service: 's' } })], true],
		['RDS without region', [resource('aws_db_instance.main', 'aws_db_instance', { tags: { service: 's' } })], null],
	])('cross-region copy: %s', (_name, resources, copied) => {
		expect(byService(resources).get('s')?.datastores[0]?.crossRegionCopy).toBe(copied);
	});

	it('does not count a read replica as a datastore to back up', () => {
		const inventory = byService([resource('aws_db_instance.replica', 'aws_db_instance', { replicate_source_db: 'main', backup_retention_period: 0, tags: { service: 's' } })]).get('s')!;

		expect(inventory.datastores).toEqual([]);
	});
});
