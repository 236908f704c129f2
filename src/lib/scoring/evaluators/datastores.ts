// Helper for evaluators that judge each datastore found in Terraform state.
import type { Datastore } from '../../../../catalog/schema/facts.ts';
import type { FactView } from '../facts.ts';
import type { ItemVerdict } from './judge-all.ts';

export const DATASTORES_FACT = 'terraform-state.datastores';

export function judgeDatastores(facts: FactView, read: (datastore: Datastore) => boolean | null, words: [string, string]): ItemVerdict[] {
	const datastores = facts.get(DATASTORES_FACT) as Datastore[];
	return datastores.map((datastore) => {
		const ok = read(datastore);
		return {
			ok,
			evidence: {
				resource: datastore.address,
				file: datastore.file,
				detail: ok === null ? 'attributes missing from state' : ok ? words[0] : words[1],
			},
		};
	});
}
