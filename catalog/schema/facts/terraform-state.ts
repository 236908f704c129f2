// Facts of the `terraform-state` collector (its datastore, placement, security group and registry shapes are shared with `aws-inventory`).
import { z } from 'zod';

export const Datastore = z.strictObject({
	address: z.string().meta({ description: 'Terraform address or ARN, e.g. `module.db.aws_db_instance.main`.' }),
	type: z.string().meta({ description: 'Resource type, e.g. `aws_db_instance` (Terraform) or `AWS::RDS::DBInstance` (AWS Config).' }),
	file: z.string().meta({ description: 'State or export file relative to the inventory root.' }),
	region: z.string().nullable().meta({ description: 'AWS region, when known.' }),
	backupsEnabled: z.boolean().nullable().meta({ description: 'Backups configured; null when the attributes needed are missing.' }),
	encryptedAtRest: z.boolean().nullable().meta({ description: 'Encryption at rest configured; null when unknown.' }),
	crossRegionCopy: z.boolean().nullable().meta({ description: 'A copy lives in another region (replica, replication); null when unknown.' }),
	encryptedInTransit: z.boolean().nullable().meta({ description: 'In-transit encryption (caches speaking a network protocol); null when not applicable.' }),
});
export type Datastore = z.infer<typeof Datastore>;

export const Listener = z.strictObject({
	address: z.string().meta({ description: 'Listener address.' }),
	file: z.string().meta({ description: 'State file.' }),
	protocol: z.string().meta({ description: 'HTTP, HTTPS, TCP, TLS, …' }),
	port: z.number().nullable().meta({ description: 'Port.' }),
	redirectsToHttps: z.boolean().meta({ description: 'The default action only redirects to HTTPS.' }),
});

export const Placement = z.strictObject({
	address: z.string().meta({ description: 'Compute or database resource address.' }),
	file: z.string().meta({ description: 'State file.' }),
	type: z.string().meta({ description: 'Resource type.' }),
	vpcId: z.string().nullable().meta({ description: 'VPC it runs in, when it can be resolved.' }),
	vpcIsDefault: z.boolean().nullable().meta({ description: 'The VPC is the account default VPC.' }),
	vpcTags: z.record(z.string(), z.string()).meta({ description: 'Tags of the VPC (to tell production from the rest).' }),
});

export const SecurityGroup = z.strictObject({
	address: z.string().meta({ description: 'Security group address.' }),
	file: z.string().meta({ description: 'State file.' }),
	id: z.string().meta({ description: 'Security group id.' }),
	name: z.string().meta({ description: 'Security group name.' }),
	openIngress: z
		.array(z.strictObject({ cidr: z.string(), fromPort: z.number(), toPort: z.number(), protocol: z.string() }))
		.nullable()
		.meta({ description: 'Ingress rules open to 0.0.0.0/0 or ::/0; null when the inventory holds no ingress rules for the group at all (they could not be read).' }),
});

export const Registry = z.strictObject({
	address: z.string().meta({ description: 'Container registry (ECR repository) address.' }),
	file: z.string().meta({ description: 'State file.' }),
	name: z.string().meta({ description: 'Repository name.' }),
	scanOnPush: z.boolean().nullable().meta({ description: 'Images are scanned on push.' }),
});

/** Facts from Terraform state files. */
export const TerraformStateFacts = z
	.strictObject({
		datastores: z.array(Datastore).meta({ description: 'Datastores tagged for the service, sorted by address.' }),
		listeners: z.array(Listener).meta({ description: 'Load balancer listeners of the service\'s load balancers.' }),
		placements: z.array(Placement).meta({ description: 'Compute and database resources with the VPC they run in.' }),
		securityGroups: z.array(SecurityGroup).meta({ description: 'Security groups attached to the service\'s resources or tagged for it.' }),
		registries: z.array(Registry).meta({ description: 'ECR repositories tagged for or named after the service.' }),
	})
	.meta({ description: 'Facts from Terraform state (collector `terraform-state`).' });
export type TerraformStateFacts = z.infer<typeof TerraformStateFacts>;
