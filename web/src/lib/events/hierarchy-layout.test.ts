import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';

import {
  edgePath,
  fromElkGraph,
  layoutHierarchy,
  nodeSize,
  toElkGraph,
  type HierarchyGraph,
  type HierarchyNode,
} from './hierarchy-layout.js';

function createNode(overrides: Partial<HierarchyNode> = {}): HierarchyNode {
  return {
    id: 'p1',
    kind: 'PROCESS',
    label: 'cmd.exe',
    state: 'RUNNING',
    eventId: '1',
    ...overrides,
  };
}

function createTree(): HierarchyGraph {
  return {
    nodes: [
      createNode({ id: 'explorer', label: 'explorer.exe', eventId: '10' }),
      createNode({ id: 'cmd', label: 'cmd.exe', eventId: '11' }),
      createNode({
        id: 'ps',
        label: 'powershell.exe',
        state: 'TERMINATED',
        eventId: '12',
      }),
      createNode({
        id: 'pipe',
        kind: 'PIPE',
        label: '\\MSSE-1234-server',
        state: null,
      }),
      createNode({
        id: 'conn',
        kind: 'NETWORK',
        label: '10.0.0.5:443',
        state: null,
      }),
    ],
    edges: [
      { from: 'explorer', to: 'cmd' },
      { from: 'cmd', to: 'ps' },
      { from: 'ps', to: 'pipe' },
      { from: 'ps', to: 'conn' },
    ],
  };
}

describe(toElkGraph.name, () => {
  it('gives every node its drawn size and every edge its ends', () => {
    const sut = toElkGraph(createTree());

    expect(sut.children).toHaveLength(5);
    expect(sut.children?.[0]).toEqual({
      id: 'explorer',
      width: 120,
      height: 46,
    });
    expect(sut.children?.[3]).toEqual({ id: 'pipe', width: 158, height: 34 });
    expect(sut.edges).toEqual([
      { id: 'explorer->cmd', sources: ['explorer'], targets: ['cmd'] },
      { id: 'cmd->ps', sources: ['cmd'], targets: ['ps'] },
      { id: 'ps->pipe', sources: ['ps'], targets: ['pipe'] },
      { id: 'ps->conn', sources: ['ps'], targets: ['conn'] },
    ]);
    expect(sut.layoutOptions?.['elk.algorithm']).toBe('layered');
  });

  it('drops edges to nodes outside the graph and repeated edges', () => {
    const graph = createTree();
    const sut = toElkGraph({
      nodes: graph.nodes,
      edges: [...graph.edges, { from: 'ps', to: 'missing' }, graph.edges[0]!],
    });

    expect(sut.edges).toHaveLength(4);
  });
});

describe(nodeSize.name, () => {
  it('keeps long labels within the maximum width', () => {
    expect(nodeSize(createNode({ label: 'x'.repeat(200) }))).toEqual({
      width: 260,
      height: 46,
    });
    expect(nodeSize(createNode({ label: 'a', state: null }))).toEqual({
      width: 96,
      height: 46,
    });
  });
});

describe(fromElkGraph.name, () => {
  it('copies positions onto the nodes and flattens edge sections into points', () => {
    const graph = createTree();
    const laidOut = {
      id: 'root',
      width: 300,
      height: 200,
      children: [{ id: 'explorer', x: 16, y: 16, width: 120, height: 46 }],
      edges: [
        {
          id: 'explorer->cmd',
          sources: ['explorer'],
          targets: ['cmd'],
          sections: [
            {
              id: 's0',
              startPoint: { x: 70, y: 62 },
              bendPoints: [{ x: 70, y: 80 }],
              endPoint: { x: 90, y: 110 },
            },
          ],
        },
      ],
    };

    const sut = fromElkGraph(graph, laidOut);

    expect(sut.width).toBe(300);
    expect(sut.height).toBe(200);
    expect(sut.nodes[0]).toMatchObject({
      id: 'explorer',
      x: 16,
      y: 16,
      width: 120,
    });
    expect(sut.nodes[1]).toMatchObject({
      id: 'cmd',
      x: 0,
      y: 0,
      width: 96,
      height: 46,
    });
    expect(sut.edges).toEqual([
      {
        id: 'explorer->cmd',
        from: 'explorer',
        to: 'cmd',
        points: [
          { x: 70, y: 62 },
          { x: 70, y: 80 },
          { x: 90, y: 110 },
        ],
      },
    ]);
  });
});

describe(layoutHierarchy.name, () => {
  it('places parents above children and routes every edge between its nodes', async () => {
    const sut = await layoutHierarchy(createTree(), new ELK());

    const byId = new Map(sut.nodes.map((node) => [node.id, node]));
    const explorer = byId.get('explorer')!;
    const cmd = byId.get('cmd')!;
    const ps = byId.get('ps')!;
    expect(sut.nodes).toHaveLength(5);
    expect(cmd.y).toBeGreaterThan(explorer.y + explorer.height);
    expect(ps.y).toBeGreaterThan(cmd.y + cmd.height);
    expect(byId.get('pipe')!.y).toBeGreaterThan(ps.y + ps.height);
    expect(sut.edges).toHaveLength(4);
    for (const edge of sut.edges) {
      const source = byId.get(edge.from)!;
      const target = byId.get(edge.to)!;
      expect(edge.points.length).toBeGreaterThanOrEqual(2);
      expect(edge.points[0]!.y).toBe(source.y + source.height);
      expect(edge.points.at(-1)!.y).toBe(target.y);
    }
    for (const node of sut.nodes) {
      expect(node.x + node.width).toBeLessThanOrEqual(sut.width);
      expect(node.y + node.height).toBeLessThanOrEqual(sut.height);
    }
  });

  it('returns an empty graph without calling ELK', async () => {
    const sut = await layoutHierarchy(
      { nodes: [], edges: [] },
      {
        layout: () => {
          throw new Error('not called');
        },
      },
    );

    expect(sut).toEqual({ width: 0, height: 0, nodes: [], edges: [] });
  });
});

describe(edgePath.name, () => {
  it('draws a polyline through the points', () => {
    expect(
      edgePath([
        { x: 1, y: 2 },
        { x: 1, y: 8 },
        { x: 5, y: 8 },
      ]),
    ).toBe('M1,2 L1,8 L5,8');
  });
});
