// Dependency pictures laid out at build time (dagre, a maintained layered-graph layout), so pages
// ship plain SVG: no graph library in the browser, nothing to run, links that work without script.
// Pure: nodes and edges in, positions out; the same input gives the same drawing.
import dagre from '@dagrejs/dagre';

export interface GraphNode {
	id: string;
	label: string;
	/** Second line: the level in words, so that colour is never the only cue. */
	detail: string;
	/** A level id (or "none", or "unknown" for a node outside the catalog), for the colour. */
	level: string;
	/** Site path the node links to, or null. */
	page: string | null;
	/** The node the picture is about (drawn bold). */
	focus?: boolean;
}

export interface GraphEdge {
	from: string;
	to: string;
	/** How many dependencies the edge stands for, when it groups several. */
	count?: number;
}

export interface LaidOutGraph {
	width: number;
	height: number;
	nodes: (GraphNode & { x: number; y: number; width: number; height: number })[];
	edges: (GraphEdge & { path: string; labelX: number; labelY: number })[];
}

const NODE_HEIGHT = 44;
const CHARACTER_WIDTH = 7.2;
const PADDING = 16;

export function layoutGraph(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): LaidOutGraph {
	const graph = new dagre.graphlib.Graph({ multigraph: false });
	graph.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 56, marginx: 8, marginy: 8 });
	graph.setDefaultEdgeLabel(() => ({}));
	const known = new Set(nodes.map((node) => node.id));
	// Sorted input: dagre's result depends on insertion order, and pages must be byte-identical.
	for (const node of [...nodes].sort((a, b) => (a.id < b.id ? -1 : 1))) {
		graph.setNode(node.id, { width: Math.max(node.label.length, node.detail.length) * CHARACTER_WIDTH + PADDING * 2, height: NODE_HEIGHT });
	}
	const kept = [...edges].filter((edge) => known.has(edge.from) && known.has(edge.to) && edge.from !== edge.to).sort((a, b) => (a.from === b.from ? (a.to < b.to ? -1 : 1) : a.from < b.from ? -1 : 1));
	for (const edge of kept) graph.setEdge(edge.from, edge.to);
	dagre.layout(graph);
	const round = (value: number) => Math.round(value * 10) / 10;
	const byId = new Map(nodes.map((node) => [node.id, node]));
	return {
		width: round(graph.graph().width ?? 0),
		height: round(graph.graph().height ?? 0),
		nodes: graph.nodes().map((id: string) => {
			const placed = graph.node(id);
			return { ...byId.get(id)!, x: round(placed.x - placed.width / 2), y: round(placed.y - placed.height / 2), width: round(placed.width), height: round(placed.height) };
		}),
		edges: kept.map((edge) => {
			const points = graph.edge(edge.from, edge.to).points ?? [];
			const middle = points[Math.floor(points.length / 2)] ?? { x: 0, y: 0 };
			return { ...edge, path: points.map((point: { x: number; y: number }, index: number) => `${index === 0 ? 'M' : 'L'}${round(point.x)},${round(point.y)}`).join(' '), labelX: round(middle.x), labelY: round(middle.y - 4) };
		}),
	};
}
