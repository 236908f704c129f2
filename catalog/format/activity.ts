// Splits a service's activity (open pull requests and issues, deployments, last merge, git history)
// from its record, and joins them back. Pure: the writers split with the facts each collector
// declares as activity; the loaders join whatever `catalog/activity/<id>.json` holds.
import type { ActivityRecord } from '../schema/activity.ts';
import type { Service } from '../schema/service.ts';

/** Collector id → the names of its facts that are activity. */
export type ActivityFacts = ReadonlyMap<string, readonly string[]>;

export function splitActivity(service: Service, activityFacts: ActivityFacts): { record: Service; activity: ActivityRecord | null } {
	const facts: Record<string, unknown> = { ...(service.facts as Record<string, unknown>) };
	const evidence = { ...service.evidence };
	const activity: ActivityRecord = { $schema: '../schema/json/activity.schema.json', id: service.id, facts: {}, evidence: {} };
	let found = false;
	for (const [collector, names] of activityFacts) {
		const namespace = facts[collector] as Record<string, unknown> | undefined;
		if (namespace === undefined) continue;
		const kept = { ...namespace };
		for (const name of names) {
			if (!(name in kept)) continue;
			(activity.facts[collector] ??= {})[name] = kept[name];
			delete kept[name];
			found = true;
			const key = `${collector}.${name}`;
			if (evidence[key] !== undefined) {
				activity.evidence[key] = evidence[key]!;
				delete evidence[key];
			}
		}
		facts[collector] = kept;
	}
	// Git history moves with every commit: its changes and the owners it suggests are activity too.
	const { changes, suggestedOwners, ...rest } = service;
	if (changes !== undefined) {
		activity.changes = changes;
		found = true;
	}
	if (suggestedOwners.length > 0) {
		activity.suggestedOwners = suggestedOwners;
		found = true;
	}
	return { record: { ...rest, suggestedOwners: [], facts: facts as Service['facts'], evidence }, activity: found ? activity : null };
}

export function joinActivity(record: Service, activity: ActivityRecord | undefined): Service {
	if (activity === undefined) return record;
	return { ...record, ...(activity.changes !== undefined ? { changes: activity.changes } : {}), ...(activity.suggestedOwners !== undefined ? { suggestedOwners: activity.suggestedOwners } : {}), facts: joinActivityFacts(record.facts, activity) as Service['facts'], evidence: { ...record.evidence, ...activity.evidence } };
}

/** A record's facts (by collector) with its activity facts put back. */
export function joinActivityFacts(facts: unknown, activity: ActivityRecord): Record<string, unknown> {
	const joined: Record<string, unknown> = { ...(facts as Record<string, unknown>) };
	for (const [collector, values] of Object.entries(activity.facts)) joined[collector] = { ...(joined[collector] as Record<string, unknown> | undefined), ...values };
	return joined;
}
