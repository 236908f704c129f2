import { z } from 'zod';
import { defineEvaluator } from '../model.ts';
import { DATASTORES_FACT, judgeDatastores } from './datastores.ts';
import { judgeAll } from './judge-all.ts';

export const datastoresHaveBackups = defineEvaluator({
	meta: {
		name: 'datastores-have-backups',
		description: 'Every datastore of the service has backups configured (RDS retention, DynamoDB point-in-time recovery, S3 versioning).',
		requires: [DATASTORES_FACT],
		options: z.strictObject({}),
		messages: {
			none: 'The service has no datastore in the Terraform state.',
			failing: '{{failing}} of {{total}} datastores have no backups.',
			undetermined: 'Backups of {{undetermined}} of {{total}} datastores could not be read from the state.',
			passing: 'All {{total}} datastores have backups.',
		},
	},
	evaluate({ facts }) {
		return judgeAll(judgeDatastores(facts, (datastore) => datastore.backupsEnabled, ['backups enabled', 'no backups']));
	},
});
