// One name, two services: `check --service` and linking by name cannot tell them apart.
import { declaredAt, type QualityRule, type RuleFinding } from '../model.ts';

export const aliasUnique: QualityRule = {
	id: 'alias-unique',
	description: 'No alias is shared by two services (or is another service\'s id).',
	fix: 'Remove the alias from the service it does not belong to.',
	defaultSeverity: 'warning',
	check: ({ services }) => {
		const carriers = new Map<string, string[]>();
		for (const service of services) for (const name of new Set([service.id, ...service.aliases])) carriers.set(name, [...(carriers.get(name) ?? []), service.id]);
		const findings: RuleFinding[] = [];
		for (const [name, ids] of [...carriers].sort(([a], [b]) => (a < b ? -1 : 1))) {
			if (ids.length < 2) continue;
			for (const id of ids) {
				const service = services.find((candidate) => candidate.id === id)!;
				if (service.id === name) continue;
				findings.push({ subject: { kind: 'service', id }, message: `${id} has the alias "${name}", which ${ids.filter((other) => other !== id).join(', ')} also answers to.`, ...declaredAt(service) });
			}
		}
		return findings;
	},
};
