import type { Task } from '../../../engine/task';

/** Picks one target (an index into `target_pipelines`) for a task; -1 when none fits (503). */
export interface Balancer {
  pick(task: Task): number;
}

/** A source of uniform numbers in [0, 1): Math.random in production, seeded in tests. */
export type Random = () => number;
