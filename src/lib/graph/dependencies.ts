// Pure: which nodes and edges each dependency picture shows, from the report. A service page
// shows its neighbourhood (what it depends on and what depends on it); the map shows the
// organisation grouped by team and by system, one box per group with the dependencies between
// groups counted, so that it stays readable at thousands of services.
import { levelLabel } from '../format/level.ts';
import type { Report } from '../report/schema.ts';
import type { GraphEdge, GraphNode } from './layout.ts';

/** Services by id, built once per report (every service page asks). */
const servicesById = new WeakMap<Report, Map<string, Report['services'][number]>>();
function servicesOf(report: Report): Map<string, Report['services'][number]> {
	let byId = servicesById.get(report);
	if (byId === undefined) {
		byId = new Map(report.services.map((service) => [service.id, service]));
		servicesById.set(report, byId);
	}
	return byId;
}

export function serviceNeighbourhood(report: Report, serviceId: string): { nodes: GraphNode[]; edges: GraphEdge[] } {
	const byId = servicesOf(report);
	const service = byId.get(serviceId);
	if (service === undefined) return { nodes: [], edges: [] };
	const nodeOf = (id: string, focus = false): GraphNode => {
		const known = byId.get(id);
		return known === undefined
			? { id, label: id, detail: 'not in the catalog', level: 'unknown', page: null }
			: { id, label: known.name, detail: levelLabel(known.level), level: known.level ?? 'none', page: `services/${id}/`, ...(focus ? { focus } : {}) };
	};
	const ids = [...new Set([...service.dependsOn, ...service.dependents])].filter((id) => id !== serviceId).sort();
	return {
		nodes: [nodeOf(serviceId, true), ...ids.map((id) => nodeOf(id))],
		edges: [...service.dependsOn.map((to) => ({ from: serviceId, to })), ...service.dependents.map((from) => ({ from, to: serviceId }))],
	};
}

/** The organisation grouped by `groupOf` (a team or a system id, or null for none): boxes per group, edges counted. */
export function groupMap(report: Report, kind: 'team' | 'system'): { nodes: GraphNode[]; edges: GraphEdge[] } {
	const NONE = kind === 'team' ? '(no team)' : '(no system)';
	const byId = servicesOf(report);
	const groupOf = (serviceId: string) => {
		const service = byId.get(serviceId);
		return (kind === 'team' ? service?.ownerTeam : service?.system) ?? NONE;
	};
	const members = new Map<string, string[]>();
	for (const service of report.services) {
		const group = groupOf(service.id);
		const list = members.get(group);
		if (list === undefined) members.set(group, [service.id]);
		else list.push(service.id);
	}
	const levels = ['none', ...report.levels.map((level) => level.id)];
	const levelOf = new Map(report.services.map((service) => [service.id, service.level ?? 'none']));
	const nameOf = (group: string) => (kind === 'team' ? report.teams.find((team) => team.id === group)?.name : report.systems.find((system) => system.id === group)?.name) ?? group;
	const nodes: GraphNode[] = [...members.entries()].map(([group, services]) => {
		const lowest = levels.find((level) => services.some((id) => levelOf.get(id) === level)) ?? 'none';
		const page = group === NONE ? null : kind === 'team' ? `teams/${group}/` : `systems/${group}/`;
		return { id: group, label: nameOf(group), detail: `${services.length} service${services.length === 1 ? '' : 's'}, lowest ${levelLabel(lowest === 'none' ? null : lowest)}`, level: lowest, page };
	});
	const counts = new Map<string, number>();
	for (const service of report.services) {
		for (const dependency of service.dependsOn) {
			if (!levelOf.has(dependency)) continue;
			const [from, to] = [groupOf(service.id), groupOf(dependency)];
			if (from !== to) counts.set(`${from}\u0000${to}`, (counts.get(`${from}\u0000${to}`) ?? 0) + 1);
		}
	}
	const edges = [...counts.entries()].map(([key, count]) => {
		const [from, to] = key.split('\u0000') as [string, string];
		return { from, to, count };
	});
	return { nodes, edges };
}
