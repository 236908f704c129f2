import { z } from 'zod';
import { defineEvaluator } from '../model.ts';
import { DATASTORE_SOURCES, judgeDatastores } from './datastores.ts';
import { judgeAll } from './judge-all.ts';

export const encryptedAtRest = defineEvaluator({
	meta: {
		name: 'encrypted-at-rest',
		description: 'Every datastore of the service is encrypted at rest, EC2 root and block-device volumes and attached EBS volumes included.',
		requires: [],
		requiresAny: DATASTORE_SOURCES,
		options: z.strictObject({}),
		messages: {
			none: 'The service has no datastore in the collected inventory.',
			failing: '{{failing}} of {{total}} datastores are not encrypted at rest: {{names}}.',
			undetermined: 'Encryption of {{undetermined}} of {{total}} datastores could not be read from the inventory: {{names}}.',
			passing: 'All {{total}} datastores are encrypted at rest.',
		},
	},
	evaluate({ facts }) {
		return judgeAll(judgeDatastores(facts, (datastore) => datastore.encryptedAtRest, ['encrypted at rest', 'not encrypted']));
	},
});
