/** Name of the BullMQ queue the gateway ships reports to and the worker consumes, by default. */
export const STATS_QUEUE = 'gatehouse-stats';

/** What a stats queue name may be. No ":": BullMQ refuses it in a queue name (its own key separator). */
export const QUEUE_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/** QUEUE_NAME_PATTERN in words, for the config errors of the apps that take a queue name. */
export const QUEUE_NAME_RULE = 'must be 1-64 letters, digits, "_", "." or "-" (BullMQ refuses ":")';

/** Whether `name` may name the stats queue — one rule for the gateway and the worker, which must use the same queue. */
export function isQueueName(name: string): boolean {
  return QUEUE_NAME_PATTERN.test(name);
}
