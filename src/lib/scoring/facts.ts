// A read-only view of one service's facts: collector namespaces plus a `service` namespace with the
// record's own fields (owner, tier, …), so checks can test both the same way.
import type { Evidence } from '../../../catalog/schema/common.ts';
import type { Service } from '../../../catalog/schema/service.ts';
import type { UnmeasuredSource } from './unmeasured.ts';

export interface FactView {
	/** `undefined` when the fact was not collected (its namespace or field is absent). */
	get(path: string): unknown;
	evidence(path: string): Evidence[];
	/** Why a fact is missing, when its collector said (`<namespace>.unavailable`). */
	reason(path: string): string | null;
	/** When the fact's whole source measured nothing in this organisation: which, why, and how to enable it. */
	notMeasured(path: string): UnmeasuredSource | null;
	/** What the fact's collector reads, in words ("the GitHub API"), for messages; the namespace when unknown. */
	sourceName(path: string): string;
}

export const SERVICE_NAMESPACE = 'service';

/** Fields of the record that checks and filters may read as `service.<field>`. */
export const SERVICE_FIELDS = [
	'id',
	'name',
	'description',
	'path',
	'registered',
	'aliases',
	'owner',
	'owners',
	'ownerSource',
	'language',
	'tier',
	'lifecycle',
	'tags',
	'dependsOn',
] as const;

/** `sourceNames`: each collector's `source` by namespace (from catalog/meta.json). */
export function createFactView(service: Service, notMeasured: ReadonlyMap<string, UnmeasuredSource> = new Map(), sourceNames: ReadonlyMap<string, string> = new Map()): FactView {
	const root: Record<string, unknown> = { ...service.facts, [SERVICE_NAMESPACE]: service };
	return {
		get(path) {
			const [namespace, ...rest] = path.split('.');
			if (namespace === SERVICE_NAMESPACE && !(SERVICE_FIELDS as readonly string[]).includes(rest[0] ?? '')) {
				return undefined;
			}
			let value: unknown = root[namespace as string];
			for (const key of rest) {
				if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) {
					return undefined;
				}
				value = (value as Record<string, unknown>)[key];
			}
			return value;
		},
		evidence(path) {
			return service.evidence[path] ?? [];
		},
		reason(path) {
			const [namespace, field] = path.split('.');
			const unavailable = (root[namespace as string] as { unavailable?: Record<string, string> } | undefined)?.unavailable;
			if (unavailable === undefined || unavailable === null || typeof unavailable !== 'object') return null;
			return unavailable[field ?? ''] ?? unavailable['*'] ?? null;
		},
		notMeasured(path) {
			return notMeasured.get(path.split('.')[0] ?? '') ?? null;
		},
		sourceName(path) {
			const namespace = path.split('.')[0] ?? '';
			return namespace === SERVICE_NAMESPACE ? 'the service record' : (sourceNames.get(namespace) ?? namespace);
		},
	};
}
