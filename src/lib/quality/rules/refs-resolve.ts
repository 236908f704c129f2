// References that point at nothing: a dependency on no service, a system or domain nobody declared.
import { declaredAt, type QualityRule, type RuleFinding } from '../model.ts';

export const refsResolve: QualityRule = {
	id: 'refs-resolve',
	description: 'Every dependsOn, system and domain reference names something in the catalog.',
	fix: 'Correct the reference, or declare what it names (a service, a Backstage System or Domain, or `systems:`/`domains:` in the configuration).',
	defaultSeverity: 'warning',
	check: ({ services, systems, domains }) => {
		const serviceIds = new Set(services.map((service) => service.id));
		const declared = (evidence: readonly { detail?: string }[]) => evidence.some((entry) => entry.detail?.startsWith('declared in') === true);
		const declaredSystems = new Set(systems.filter((system) => declared(system.evidence)).map((system) => system.id));
		const declaredDomains = new Set(domains.filter((domain) => declared(domain.evidence)).map((domain) => domain.id));
		const findings: RuleFinding[] = [];
		for (const service of services) {
			for (const dependency of service.dependsOn) {
				if (!serviceIds.has(dependency)) findings.push({ subject: { kind: 'service', id: service.id }, message: `${service.id} depends on "${dependency}", which is no service in the catalog.`, ...declaredAt(service) });
			}
			if (service.system && !declaredSystems.has(service.system)) findings.push({ subject: { kind: 'service', id: service.id }, message: `${service.id} names system "${service.system}", which nothing declares.`, ...declaredAt(service) });
		}
		for (const system of systems) {
			if (system.domain !== null && !declaredDomains.has(system.domain)) findings.push({ subject: { kind: 'system', id: system.id }, message: `system ${system.id} names domain "${system.domain}", which nothing declares.`, file: system.evidence[0]?.file ?? null, line: system.evidence[0]?.line ?? null });
		}
		return findings;
	},
};
