import { z } from 'zod';
import { defineEvaluator } from '../model.ts';
import { DATASTORE_SOURCES, judgeDatastores } from './datastores.ts';
import { judgeAll } from './judge-all.ts';

export const backupsEnabled = defineEvaluator({
	meta: {
		name: 'backups-enabled',
		description: 'Every datastore of the service has backups configured (RDS retention, DynamoDB point-in-time recovery, S3 versioning).',
		requires: [],
		requiresAny: DATASTORE_SOURCES,
		options: z.strictObject({}),
		messages: {
			none: 'The service has no datastore in the collected inventory.',
			failing: '{{failing}} of {{total}} datastores have no backups: {{names}}.',
			undetermined: 'Backups of {{undetermined}} of {{total}} datastores could not be read from the inventory: {{names}}.',
			passing: 'All {{total}} datastores have backups.',
		},
	},
	evaluate({ facts }) {
		// An instance's own volumes are judged for encryption only: their backups are snapshot policies the inventory does not show.
		return judgeAll(judgeDatastores(facts, (datastore) => datastore.backupsEnabled, ['backups enabled', 'no backups'], (datastore) => datastore.type !== 'aws_instance_volume'));
	},
});
