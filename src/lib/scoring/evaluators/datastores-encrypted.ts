import { z } from 'zod';
import { defineEvaluator } from '../model.ts';
import { DATASTORES_FACT, judgeDatastores } from './datastores.ts';
import { judgeAll } from './judge-all.ts';

export const datastoresEncrypted = defineEvaluator({
	meta: {
		name: 'datastores-encrypted',
		description: 'Every datastore of the service is encrypted at rest.',
		requires: [DATASTORES_FACT],
		options: z.strictObject({}),
		messages: {
			none: 'The service has no datastore in the Terraform state.',
			failing: '{{failing}} of {{total}} datastores are not encrypted at rest.',
			undetermined: 'Encryption of {{undetermined}} of {{total}} datastores could not be read from the state.',
			passing: 'All {{total}} datastores are encrypted at rest.',
		},
	},
	evaluate({ facts }) {
		return judgeAll(judgeDatastores(facts, (datastore) => datastore.encryptedAtRest, ['encrypted at rest', 'not encrypted']));
	},
});
