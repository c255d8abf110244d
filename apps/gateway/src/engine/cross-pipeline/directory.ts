import type { CrossPipelineInbox } from './inbox';

/** Finds the running pipelines cross-pipeline calls go to (given to plugins as `env.pipelines`). */
export interface PipelineDirectory {
  /** The inbox of the live pipeline `name`, or undefined when no such pipeline runs. */
  inbox(name: string): CrossPipelineInbox | undefined;
}

/** A directory with no pipelines: what a plugin built outside a gateway sees. */
export const noPipelines: PipelineDirectory = { inbox: () => undefined };
