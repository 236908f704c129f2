import { DescriptorFacts } from '../../catalog/schema/facts.ts';
import { defineCollector } from '../types.ts';

/** Facts the owners declared in the descriptor files that discovery already parsed. */
export const descriptorCollector = defineCollector({
	id: 'descriptor',
	version: 3,
	description: 'Facts declared in service descriptors: runbook link, whether the service stores PII, where its alerts go.',
	source: 'service descriptors',
	howToEnable: "Add a service.yaml, catalog-info.yaml or opslevel.yml next to each service's code.",
	facts: DescriptorFacts,
	async collect({ services }) {
		const facts = new Map<string, DescriptorFacts>();
		const evidence = new Map<string, Record<string, { file?: string; line?: number; detail?: string }[]>>();
		for (const service of services) {
			facts.set(service.id, service.descriptor);
			const declaredIn = service.registered ? service.foundBy.filter((entry) => entry.file !== undefined) : [];
			evidence.set(service.id, { format: declaredIn, runbookUrl: declaredIn, storesPii: declaredIn, alertSources: declaredIn });
		}
		return { facts, evidence, problems: [] };
	},
});
