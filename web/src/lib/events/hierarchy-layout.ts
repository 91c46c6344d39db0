import type { ELK, ElkExtendedEdge, ElkNode, ElkPoint } from 'elkjs/lib/elk-api.js';

/** One object in an event's hierarchy: a process, a mutex or pipe, a connection, ... */
export interface HierarchyNode {
  id: string;
  /** PROCESS, MUTEX, PIPE, NETWORK, FILE, REGISTRY: decides the shape drawn. */
  kind: string;
  label: string;
  /** Command line, full path or full name, shown on hover. */
  detail?: string | null;
  /** The object's state (running, terminated, ...), when known. */
  state: string | null;
  /** The event a click on the node opens. */
  eventId: string | null;
}

/** A relation between two nodes (parent -> child, process -> handle or connection). */
export interface HierarchyEdge {
  from: string;
  to: string;
}

export interface HierarchyGraph {
  nodes: readonly HierarchyNode[];
  edges: readonly HierarchyEdge[];
}

export interface PositionedNode extends HierarchyNode {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PositionedEdge extends HierarchyEdge {
  id: string;
  /** The route from one node's border to the other's, bends included. */
  points: ElkPoint[];
}

/** A hierarchy with every node placed and every edge routed, in SVG user units. */
export interface PositionedGraph {
  width: number;
  height: number;
  nodes: PositionedNode[];
  edges: PositionedEdge[];
}

/** The part of an ELK instance the layout needs: in the browser it runs in a worker. */
export type ElkLayouter = Pick<ELK, 'layout'>;

/** Average width of a label character at the drawn font size, in SVG units. */
export const charWidth = 7.6;
const nodePadding = 28;
const minWidth = 96;
const maxWidth = 260;
const processHeight = 46;
const objectHeight = 34;

/** Options of ELK's layered algorithm for a top-down process tree. */
export const layoutOptions: Readonly<Record<string, string>> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.spacing.nodeNode': '24',
  'elk.layered.spacing.nodeNodeBetweenLayers': '48',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  // A process with many children or connections gets one trunk, not a track per edge.
  'elk.layered.mergeEdges': 'true',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
};

/** The size a node is drawn at: wide enough for its label, within fixed bounds. */
export function nodeSize(node: HierarchyNode): {
  width: number;
  height: number;
} {
  const text = Math.max(node.label.length, node.state?.length ?? 0);
  const width = Math.min(maxWidth, Math.max(minWidth, Math.ceil(text * charWidth) + nodePadding));
  return {
    width,
    height: node.kind === 'PROCESS' ? processHeight : objectHeight,
  };
}

/**
 * Converts a hierarchy to ELK's input graph.
 *
 * @remarks
 * Edges whose ends are not both in the graph are dropped (the API may cut a tree at its
 * depth limit), and so are repeated edges, so ELK never rejects the input.
 */
export function toElkGraph(graph: HierarchyGraph): ElkNode {
  const ids = new Set(graph.nodes.map((node) => node.id));
  const seen = new Set<string>();
  const edges: ElkExtendedEdge[] = [];
  for (const edge of graph.edges) {
    const id = edgeId(edge);
    if (!ids.has(edge.from) || !ids.has(edge.to) || seen.has(id)) continue;
    seen.add(id);
    edges.push({ id, sources: [edge.from], targets: [edge.to] });
  }

  return {
    id: 'root',
    layoutOptions: { ...layoutOptions },
    children: graph.nodes.map((node) => ({ id: node.id, ...nodeSize(node) })),
    edges,
  };
}

/** Reads ELK's laid-out graph back onto the hierarchy's nodes and edges. */
export function fromElkGraph(graph: HierarchyGraph, laidOut: ElkNode): PositionedGraph {
  const placed = new Map((laidOut.children ?? []).map((child) => [child.id, child]));
  const nodes = graph.nodes.map((node) => {
    const shape = placed.get(node.id);
    const size = nodeSize(node);
    return {
      ...node,
      x: shape?.x ?? 0,
      y: shape?.y ?? 0,
      width: shape?.width ?? size.width,
      height: shape?.height ?? size.height,
    };
  });

  const edges = (laidOut.edges ?? []).map((edge) => {
    const routed = edge as ElkExtendedEdge;
    const points = (routed.sections ?? []).flatMap((section) => [
      section.startPoint,
      ...(section.bendPoints ?? []),
      section.endPoint,
    ]);
    return {
      id: routed.id,
      from: routed.sources[0] ?? '',
      to: routed.targets[0] ?? '',
      points: points.map(({ x, y }) => ({ x, y })),
    };
  });

  return {
    width: laidOut.width ?? 0,
    height: laidOut.height ?? 0,
    nodes,
    edges,
  };
}

/** Lays out a hierarchy with `elk`: the graph in, every node placed and edge routed out. */
export async function layoutHierarchy(
  graph: HierarchyGraph,
  elk: ElkLayouter,
): Promise<PositionedGraph> {
  if (graph.nodes.length === 0) return { width: 0, height: 0, nodes: [], edges: [] };
  const laidOut = await elk.layout(toElkGraph(graph));
  return fromElkGraph(graph, laidOut);
}

/** An SVG path through the points of a routed edge. */
export function edgePath(points: readonly ElkPoint[]): string {
  return points.map((point, index) => `${index === 0 ? 'M' : 'L'}${point.x},${point.y}`).join(' ');
}

function edgeId(edge: HierarchyEdge): string {
  return `${edge.from}->${edge.to}`;
}
