import { z } from 'zod';
import { defineEvaluator } from '../model.ts';
import { DATASTORE_SOURCES, judgeDatastores } from './datastores.ts';
import { judgeAll } from './judge-all.ts';

/** Kinds of datastore that can keep a copy in another region (Terraform and AWS Config names). */
const REPLICABLE = /^(aws_db_instance|aws_rds_cluster|aws_dynamodb_table|aws_s3_bucket|AWS::RDS::DBInstance|AWS::RDS::DBCluster|AWS::DynamoDB::Table|AWS::S3::Bucket)$/;

export const backupsCrossRegion = defineEvaluator({
	meta: {
		name: 'backups-cross-region',
		description: 'Every database, table and bucket of the service has a copy in another region (read replica, backup replication, S3 replication, DynamoDB replica).',
		requires: [],
		requiresAny: DATASTORE_SOURCES,
		options: z.strictObject({}),
		messages: {
			none: 'The service has no database, table or bucket in the collected inventory.',
			failing: '{{failing}} of {{total}} datastores have no copy in another region: {{names}}.',
			undetermined: 'The regions of {{undetermined}} of {{total}} datastores could not be read: {{names}}.',
			passing: 'All {{total}} datastores have a copy in another region.',
		},
	},
	evaluate({ facts }) {
		return judgeAll(judgeDatastores(facts, (datastore) => datastore.crossRegionCopy, ['copy in another region', 'no cross-region copy'], (datastore) => REPLICABLE.test(datastore.type)));
	},
});
