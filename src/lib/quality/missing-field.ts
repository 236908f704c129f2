// The shape of the rules about a service's own fields (tier, lifecycle, description, owner).
import type { Service } from '../../../catalog/schema/service.ts';
import { declaredAt, type QualityRule } from './model.ts';

export function missingField(id: string, field: string, missing: (service: Service) => boolean, fix: string, defaultSeverity: 'warning' | 'error' = 'warning'): QualityRule {
	return {
		id,
		description: `Every service declares its ${field}.`,
		fix,
		defaultSeverity,
		check: ({ services }) =>
			services.filter(missing).map((service) => ({ subject: { kind: 'service', id: service.id }, message: `${service.id} has no ${field}${service.registered ? '' : ' (and no descriptor)'}.`, ...declaredAt(service) })),
	};
}

