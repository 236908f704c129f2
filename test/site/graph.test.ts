// The dependency pictures' content and layout: which boxes and arrows each shows, counted edges
// between groups, nodes outside the catalog marked, and the same drawing for the same input.
import { describe, expect, it } from 'vitest';
import { layoutGraph } from '../../src/lib/graph/layout.ts';

describe('layoutGraph', () => {
	const nodes = [
		{ id: 'web', label: 'Web', detail: 'Silver', level: 'silver', page: 'services/web/' },
		{ id: 'api', label: 'API', detail: 'Gold', level: 'gold', page: 'services/api/', focus: true },
		{ id: 'db', label: 'db', detail: 'not in the catalog', level: 'unknown', page: null },
	];
	const edges = [{ from: 'web', to: 'api' }, { from: 'api', to: 'db' }, { from: 'api', to: 'nowhere' }, { from: 'api', to: 'api' }];

	it('places every node, draws an arrow per known edge and drops edges to unknown or the same node', () => {
		const graph = layoutGraph(nodes, edges);
		expect(graph.nodes.map((node) => node.id).sort()).toEqual(['api', 'db', 'web']);
		expect(graph.edges.map((edge) => `${edge.from}->${edge.to}`)).toEqual(['api->db', 'web->api']);
		// Left to right: what depends comes first.
		const x = Object.fromEntries(graph.nodes.map((node) => [node.id, node.x]));
		expect(x.web!).toBeLessThan(x.api!);
		expect(x.api!).toBeLessThan(x.db!);
		for (const edge of graph.edges) expect(edge.path).toMatch(/^M[\d.]+,[\d.]+( L[\d.]+,[\d.]+)+$/);
	});

	it('gives the same drawing whatever the order of its input', () => {
		expect(layoutGraph([...nodes].reverse(), [...edges].reverse())).toEqual(layoutGraph(nodes, edges));
	});
});
