// Links names seen in inventory (labels, tags, image names) to services through their id, name and
// aliases, ignoring case and separators, so `PaymentsAPI` finds `payments-api`.
import type { DiscoveredService } from '../types.ts';
import { nameKey } from './names.ts';

export type ServiceMatcher = (name: string) => string | null;

export function createServiceMatcher(services: readonly Pick<DiscoveredService, 'id' | 'name' | 'aliases'>[]): ServiceMatcher {
	const byKey = new Map<string, string>();
	for (const service of services) {
		for (const name of [service.id, service.name, ...service.aliases]) {
			const key = nameKey(name);
			if (key !== '' && !byKey.has(key)) byKey.set(key, service.id);
		}
	}
	return (name) => byKey.get(nameKey(name)) ?? null;
}

/** The first service named by `labels` under `keys`, or null. */
export function matchByLabels(labels: Readonly<Record<string, unknown>>, keys: readonly string[], match: ServiceMatcher): string | null {
	for (const key of keys) {
		const value = labels[key];
		if (typeof value !== 'string') continue;
		const serviceId = match(value);
		if (serviceId !== null) return serviceId;
	}
	return null;
}
