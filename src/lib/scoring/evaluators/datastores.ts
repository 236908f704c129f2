// Helper for evaluators that judge each datastore, from Terraform state or AWS exports (whichever
// were collected; the same resource seen in both counts once).
import type { Datastore } from '../../../../catalog/schema/facts.ts';
import type { FactView } from '../facts.ts';
import type { ItemVerdict } from './judge-all.ts';

export const DATASTORE_SOURCES = ['terraform-state.datastores', 'aws-inventory.datastores'] as const;

export function datastoresOf(facts: FactView): Datastore[] {
	const seen = new Set<string>();
	const all: Datastore[] = [];
	for (const path of DATASTORE_SOURCES) {
		for (const datastore of (facts.get(path) as Datastore[] | undefined) ?? []) {
			const key = datastore.address.trim();
			if (seen.has(key)) continue;
			seen.add(key);
			all.push(datastore);
		}
	}
	return all;
}

export function judgeDatastores(facts: FactView, read: (datastore: Datastore) => boolean | null, words: [string, string], include: (datastore: Datastore) => boolean = () => true): ItemVerdict[] {
	return datastoresOf(facts)
		.filter(include)
		.map((datastore) => {
			const ok = read(datastore);
			return {
				ok,
				evidence: {
					resource: datastore.address,
					file: datastore.file,
					detail: ok === null ? 'attributes missing from the inventory' : ok ? words[0] : words[1],
				},
			};
		});
}
