import { ArgsType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

import type { ProcessGraph } from './hierarchy.js';
import { defaultHierarchyLimits } from './hierarchy.js';

export enum HierarchyNodeKind {
  PROCESS = 'PROCESS',
  NETWORK = 'NETWORK',
  MUTEX = 'MUTEX',
  PIPE = 'PIPE',
  FILE = 'FILE',
  REGISTRY = 'REGISTRY',
}

export enum HierarchyEdgeKind {
  STARTED = 'STARTED',
  CONNECTED = 'CONNECTED',
  OPENED = 'OPENED',
  WROTE = 'WROTE',
  CHANGED = 'CHANGED',
}

/** The object types that can be shown beside the processes of a hierarchy. */
export enum HierarchyObjectType {
  NETWORK = 'NETWORK',
  MUTEX = 'MUTEX',
  FILE = 'FILE',
  REGISTRY = 'REGISTRY',
}

registerEnumType(HierarchyNodeKind, {
  name: 'HierarchyNodeKind',
  description: 'What a hierarchy node stands for; MUTEX and PIPE are the two kinds of handle',
});
registerEnumType(HierarchyEdgeKind, {
  name: 'HierarchyEdgeKind',
  description: 'STARTED: parent to child; CONNECTED, OPENED, WROTE, CHANGED: process to object',
});
registerEnumType(HierarchyObjectType, { name: 'HierarchyObjectType' });

@ObjectType({ description: 'A process or an object of a process hierarchy' })
export class HierarchyNode {
  @Field(() => ID, { description: 'Stable within the graph: edges refer to it' }) id!: string;
  @Field(() => HierarchyNodeKind) kind!: HierarchyNodeKind;
  @Field({ description: 'Process name and PID, pipe name, peer address, file name, ...' })
  label!: string;
  @Field(() => String, { nullable: true, description: 'Command line, full path or full name' })
  detail!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'RUNNING, TERMINATED, OPEN, CLOSED, PRESENT, DELETED; null for a process known only because an event names it',
  })
  state!: string | null;
  @Field(() => ID, { nullable: true, description: 'The event that opens the object' })
  eventId!: string | null;
  @Field(() => Int, { nullable: true }) pid!: number | null;
  @Field(() => Date, { nullable: true }) startedAt!: Date | null;
  @Field(() => Date, { nullable: true }) endedAt!: Date | null;
}

@ObjectType()
export class HierarchyEdge {
  @Field(() => ID) from!: string;
  @Field(() => ID) to!: string;
  @Field(() => HierarchyEdgeKind) kind!: HierarchyEdgeKind;
}

@ObjectType({
  description:
    "An event's process with its parents up the chain, its children down a few generations and the objects beside each process: nodes and edges for a layered layout",
})
export class ProcessHierarchy {
  @Field(() => ID, { description: "The node of the event's own object" }) focusNodeId!: string;
  @Field(() => ID, { nullable: true, description: "The node of the event's process" })
  processNodeId!: string | null;
  @Field(() => [HierarchyNode]) nodes!: HierarchyNode[];
  @Field(() => [HierarchyEdge]) edges!: HierarchyEdge[];
  @Field({ description: 'True when a limit left out deeper children or further objects' })
  truncated!: boolean;
}

@ArgsType()
export class HierarchyArgs {
  @Field(() => Int, { defaultValue: defaultHierarchyLimits.ancestors, description: '0 to 64' })
  ancestors!: number;
  @Field(() => Int, {
    defaultValue: defaultHierarchyLimits.depth,
    description: 'Generations of children, 0 to 16',
  })
  depth!: number;
  @Field(() => [HierarchyObjectType], {
    defaultValue: defaultHierarchyLimits.objectTypes,
    description: 'The objects shown beside each process',
  })
  objects!: HierarchyObjectType[];
}

/** The API shape of a process graph. */
export function toProcessHierarchy(graph: ProcessGraph): ProcessHierarchy {
  const date = (value: number | null) => (value === null ? null : new Date(value));
  return {
    focusNodeId: graph.focusNodeId,
    processNodeId: graph.processNodeId,
    nodes: graph.nodes.map((node) => ({
      id: node.id,
      kind: node.kind as HierarchyNodeKind,
      label: node.label,
      detail: node.detail,
      state: node.state,
      eventId: node.eventId === null ? null : String(node.eventId),
      pid: node.pid,
      startedAt: date(node.startedAt),
      endedAt: date(node.endedAt),
    })),
    edges: graph.edges.map((edge) => ({ ...edge, kind: edge.kind as HierarchyEdgeKind })),
    truncated: graph.truncated,
  };
}
