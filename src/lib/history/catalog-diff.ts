// Pure: what changed between two versions of the catalog, said the way a reviewer reads it. Per
// service, the configuration and the facts checks read ("datastore `…`: backups disabled"), the
// owner with where it comes from, the level change they cause; new and removed services; activity
// (pull requests, deploys, commits) counted in one line, never listed.
import type { ActivityRecord } from '../../../catalog/schema/activity.ts';
import type { Service } from '../../../catalog/schema/service.ts';
import { escapeCell, levelName } from './diff.ts';

/**
 * One side of the comparison: the services (their activity joined), the activity records (which
 * say what counts as activity, also in a catalog written before activity was kept apart) and each
 * service's level.
 */
export interface CatalogSide {
	label: string;
	services: readonly Service[];
	activity: readonly ActivityRecord[];
	levels: ReadonlyMap<string, string | null>;
}

export interface ServiceChange {
	/** A field of the record (`owner`, `tier`) or a fact path (`terraform-state.datastores[…].backupsEnabled`). */
	path: string;
	before: unknown;
	after: unknown;
	/** The change in words. */
	text: string;
}

export interface CatalogDiff {
	from: string;
	to: string;
	added: { id: string; name: string; level: string | null }[];
	removed: { id: string; name: string; level: string | null }[];
	changed: { id: string; name: string; levelBefore: string | null; levelAfter: string | null; changes: ServiceChange[] }[];
	/** Services whose activity (and nothing else) changed. */
	activityOnly: string[];
	/** Services whose activity changed, whatever else did. */
	activityChanged: number;
	/** True when nothing but activity changed. */
	onlyActivity: boolean;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const json = (value: unknown) => JSON.stringify(value ?? null);

/** Fields of the record that are not configuration a reviewer reads, or are read through others. */
const IGNORED_FIELDS = new Set(['$schema', 'id', 'facts', 'evidence', 'ownerSource', 'declaredIn', 'changes', 'suggestedOwners', 'errors']);

export function diffCatalogs(before: CatalogSide, after: CatalogSide): CatalogDiff {
	const old = new Map(before.services.map((service) => [service.id, service]));
	const current = new Map(after.services.map((service) => [service.id, service]));
	// What is activity: git history, and every fact either side keeps in an activity record.
	const activityPaths = new Set([...before.activity, ...after.activity].flatMap((record) => Object.entries(record.facts).flatMap(([namespace, facts]) => Object.keys(facts).map((fact) => `${namespace}.${fact}`))));
	const split = (service: Service) => {
		const configuration: Record<string, Record<string, unknown>> = {};
		const activity: Record<string, unknown> = { changes: service.changes ?? null, suggestedOwners: service.suggestedOwners };
		for (const [namespace, facts] of Object.entries(service.facts as Record<string, Record<string, unknown>>)) {
			configuration[namespace] = {};
			for (const [fact, value] of Object.entries(facts)) {
				if (activityPaths.has(`${namespace}.${fact}`)) activity[`${namespace}.${fact}`] = value;
				else configuration[namespace][fact] = value;
			}
		}
		return { service: { ...service, facts: configuration as Service['facts'] }, activity: json(activity) };
	};
	const added = after.services.filter((service) => !old.has(service.id)).map((service) => ({ id: service.id, name: service.name, level: after.levels.get(service.id) ?? null }));
	const removed = before.services.filter((service) => !current.has(service.id)).map((service) => ({ id: service.id, name: service.name, level: before.levels.get(service.id) ?? null }));
	const changed: CatalogDiff['changed'] = [];
	const activityOnly: string[] = [];
	let activityChanged = 0;
	for (const service of after.services) {
		const then = old.get(service.id);
		if (then === undefined) continue;
		const [a, b] = [split(then), split(service)];
		const changes = serviceChanges(a.service, b.service);
		const levelBefore = before.levels.get(service.id) ?? null;
		const levelAfter = after.levels.get(service.id) ?? null;
		const activityMoved = a.activity !== b.activity;
		if (activityMoved) activityChanged += 1;
		if (changes.length > 0 || levelBefore !== levelAfter) changed.push({ id: service.id, name: service.name, levelBefore, levelAfter, changes });
		else if (activityMoved) activityOnly.push(service.id);
	}
	changed.sort((a, b) => compare(a.id, b.id));
	return { from: before.label, to: after.label, added, removed, changed, activityOnly: activityOnly.sort(compare), activityChanged, onlyActivity: added.length === 0 && removed.length === 0 && changed.length === 0 && activityChanged > 0 };
}

function serviceChanges(before: Service, after: Service): ServiceChange[] {
	const changes: ServiceChange[] = [];
	const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((field) => !IGNORED_FIELDS.has(field)).sort(compare);
	for (const field of fields) {
		const then = (before as Record<string, unknown>)[field];
		const now = (after as Record<string, unknown>)[field];
		if (json(then) === json(now)) continue;
		changes.push({ path: field, before: then ?? null, after: now ?? null, text: fieldText(field, then, now, after) });
	}
	if (before.errors.length !== after.errors.length) changes.push({ path: 'errors', before: before.errors.length, after: after.errors.length, text: `inputs that could not be read ${before.errors.length} → ${after.errors.length}${after.errors[0] ? ` (${after.errors[0].file}: ${after.errors[0].message})` : ''}` });
	const namespaces = [...new Set([...Object.keys(before.facts), ...Object.keys(after.facts)])].sort(compare);
	for (const namespace of namespaces) changes.push(...factChanges(namespace, (before.facts as Record<string, unknown>)[namespace], (after.facts as Record<string, unknown>)[namespace]));
	return changes;
}

function fieldText(field: string, before: unknown, after: unknown, service: Service): string {
	if (field === 'owner') return `owner ${show(before)} → ${show(after)}${service.ownerSource ? ` (${service.ownerSource === 'codeowners' ? 'CODEOWNERS' : 'descriptor'})` : ''}`;
	if (Array.isArray(before) || Array.isArray(after)) return listText(words(field), (before as unknown[] | undefined) ?? [], (after as unknown[] | undefined) ?? []);
	if (field === 'description') return 'description changed';
	return `${words(field)} ${show(before)} → ${show(after)}`;
}

/** The facts of one collector: a line per item of a list (a datastore, a workload) or per scalar fact. */
function factChanges(namespace: string, before: unknown, after: unknown): ServiceChange[] {
	if (before === undefined && after !== undefined) return [{ path: namespace, before: null, after: 'collected', text: `${namespace}: now collected` }];
	if (before !== undefined && after === undefined) return [{ path: namespace, before: 'collected', after: null, text: `${namespace}: no longer collected` }];
	const changes: ServiceChange[] = [];
	const then = (before ?? {}) as Record<string, unknown>;
	const now = (after ?? {}) as Record<string, unknown>;
	for (const fact of [...new Set([...Object.keys(then), ...Object.keys(now)])].sort(compare)) {
		const a = then[fact];
		const b = now[fact];
		if (json(a) === json(b)) continue;
		const path = `${namespace}.${fact}`;
		if (isObjectList(a) && isObjectList(b)) changes.push(...itemChanges(namespace, fact, a, b));
		else if (Array.isArray(a) || Array.isArray(b)) changes.push({ path, before: a ?? null, after: b ?? null, text: `${namespace}: ${listText(words(fact), (a as unknown[] | undefined) ?? [], (b as unknown[] | undefined) ?? [])}` });
		else if (isPlainObject(a) && isPlainObject(b)) changes.push({ path, before: a, after: b, text: `${namespace}: ${words(fact)} ${fieldsChanged(a, b).join(', ')}` });
		else changes.push({ path, before: a ?? null, after: b ?? null, text: `${namespace}: ${scalarText(fact, a, b)}` });
	}
	return changes;
}

/** The key that names an item of a fact list: a Terraform address, a Kubernetes resource, a name. */
const ITEM_KEYS = ['address', 'resource', 'arn', 'name', 'id', 'file', 'path'];

function itemKey(item: Record<string, unknown>): string {
	for (const key of ITEM_KEYS) if (typeof item[key] === 'string') return item[key] as string;
	return json(item);
}

function itemChanges(namespace: string, fact: string, before: Record<string, unknown>[], after: Record<string, unknown>[]): ServiceChange[] {
	const noun = singular(words(fact));
	const old = new Map(before.map((item) => [itemKey(item), item]));
	const current = new Map(after.map((item) => [itemKey(item), item]));
	const changes: ServiceChange[] = [];
	for (const key of [...new Set([...old.keys(), ...current.keys()])].sort(compare)) {
		const a = old.get(key);
		const b = current.get(key);
		const path = `${namespace}.${fact}[${key}]`;
		if (a === undefined) changes.push({ path, before: null, after: b, text: `${namespace}: ${noun} \`${key}\` added` });
		else if (b === undefined) changes.push({ path, before: a, after: null, text: `${namespace}: ${noun} \`${key}\` removed` });
		else if (json(a) !== json(b)) changes.push({ path, before: a, after: b, text: `${namespace}: ${noun} \`${key}\`: ${fieldsChanged(a, b).join(', ')}` });
	}
	return changes;
}

/** "backups disabled (backupsEnabled true → false)", one entry per field that differs. */
function fieldsChanged(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
	return [...new Set([...Object.keys(before), ...Object.keys(after)])]
		.sort(compare)
		.filter((field) => json(before[field]) !== json(after[field]))
		.map((field) => scalarText(field, before[field], after[field]));
}

function scalarText(field: string, before: unknown, after: unknown): string {
	const said = words(field);
	if (typeof before === 'boolean' && typeof after === 'boolean' && / enabled$/.test(said)) return `${said.replace(/ enabled$/, '')} ${after ? 'enabled' : 'disabled'} (${field} ${before} → ${after})`;
	if (isPlainObject(before) || isPlainObject(after) || Array.isArray(before) || Array.isArray(after)) return `${said} changed`;
	return `${said} ${show(before)} → ${show(after)}`;
}

function listText(label: string, before: readonly unknown[], after: readonly unknown[]): string {
	const old = new Set(before.map(json));
	const current = new Set(after.map(json));
	const addedItems = after.filter((item) => !old.has(json(item))).map(show);
	const removedItems = before.filter((item) => !current.has(json(item))).map(show);
	const parts = [...(addedItems.length > 0 ? [`+ ${addedItems.join(', ')}`] : []), ...(removedItems.length > 0 ? [`− ${removedItems.join(', ')}`] : [])];
	return `${label} ${parts.length > 0 ? parts.join('; ') : 'reordered'}`;
}

function show(value: unknown): string {
	if (value === null || value === undefined) return 'none';
	if (typeof value === 'string') return value;
	if (typeof value === 'boolean') return value ? 'yes' : 'no';
	if (typeof value === 'number') return String(value);
	if (isPlainObject(value)) return typeof value.title === 'string' ? value.title : itemKey(value);
	return JSON.stringify(value);
}

/** `backupsEnabled` → "backups enabled"; `minReplicas` → "min replicas". */
function words(name: string): string {
	return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
}

function singular(noun: string): string {
	return noun.endsWith('ies') ? `${noun.slice(0, -3)}y` : noun.endsWith('sses') ? noun.slice(0, -2) : noun.endsWith('s') ? noun.slice(0, -1) : noun;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isObjectList(value: unknown): value is Record<string, unknown>[] {
	return Array.isArray(value) && value.every(isPlainObject);
}


/** The summary in plain text: for the scheduled commit's message body. */
export function formatCatalogDiffText(diff: CatalogDiff): string {
	const lines = [`Catalog changes from ${diff.from} to ${diff.to}:`];
	if (diff.added.length + diff.removed.length + diff.changed.length === 0) lines.push(diff.activityChanged > 0 ? `  activity only: ${activityLine(diff)}; no configuration or readiness changed.` : '  nothing changed.');
	for (const service of diff.added) lines.push(`  + ${service.id}: new service (${levelName(service.level)})`);
	for (const service of diff.removed) lines.push(`  - ${service.id}: removed (was ${levelName(service.level)})`);
	for (const service of diff.changed) {
		lines.push(`  * ${service.id}${service.levelBefore !== service.levelAfter ? `: ${levelName(service.levelBefore)} → ${levelName(service.levelAfter)}` : ''}`);
		for (const change of service.changes) lines.push(`      ${change.text}`);
	}
	if (!diff.onlyActivity && diff.activityChanged > 0) lines.push(`  Activity: ${activityLine(diff)} (not listed).`);
	return `${lines.join('\n')}\n`;
}

/** The summary in Markdown: for the pull request's comment. */
export function formatCatalogDiffMarkdown(diff: CatalogDiff): string {
	const lines = [`### Catalog changes: ${escapeCell(diff.from)} → ${escapeCell(diff.to)}`, ''];
	if (diff.added.length + diff.removed.length + diff.changed.length === 0) lines.push(diff.activityChanged > 0 ? `Activity only: ${activityLine(diff)}; no configuration or readiness changed.` : 'Nothing changed.');
	for (const service of diff.added) lines.push(`- **${escapeCell(service.id)}**: new service (${levelName(service.level)})`);
	for (const service of diff.removed) lines.push(`- **${escapeCell(service.id)}**: removed (was ${levelName(service.level)})`);
	for (const service of diff.changed) {
		lines.push(`- **${escapeCell(service.id)}**${service.levelBefore !== service.levelAfter ? `: ${levelName(service.levelBefore)} → **${levelName(service.levelAfter)}**` : ''}`);
		for (const change of service.changes) lines.push(`  - ${escapeCell(change.text)}`);
	}
	if (!diff.onlyActivity && diff.activityChanged > 0) lines.push('', `Activity: ${activityLine(diff)} (not listed).`);
	return `${lines.join('\n')}\n`;
}

function activityLine(diff: CatalogDiff): string {
	return `${diff.activityChanged} ${diff.activityChanged === 1 ? "service's" : "services'"} pull requests, issues, deploys or commits changed`;
}
