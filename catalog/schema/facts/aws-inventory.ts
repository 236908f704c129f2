// Facts of the `aws-inventory` collector.
import { z } from 'zod';
import { Datastore, Placement, Registry, SecurityGroup } from './terraform-state.ts';

/** Facts from AWS exports (Resource Groups Tagging API, AWS Config). */
export const AwsInventoryFacts = z
	.strictObject({
		datastores: z.array(Datastore).meta({ description: 'Datastores (RDS, DynamoDB, S3, EBS, EFS, ElastiCache) from AWS Config, by ARN.' }),
		placements: z.array(Placement).meta({ description: 'Instances, databases, functions and ECS services with their VPC.' }),
		securityGroups: z.array(SecurityGroup).meta({ description: 'Security groups tagged for the service or related to its resources.' }),
		registries: z.array(Registry).meta({ description: 'ECR repositories with scan on push.' }),
		resourceCount: z.number().int().nonnegative().meta({ description: 'Resources (ARNs) in the exports that belong to the service.' }),
	})
	.meta({ description: 'Facts from AWS inventory exports (collector `aws-inventory`).' });
export type AwsInventoryFacts = z.infer<typeof AwsInventoryFacts>;
