// @gatehouse/foundation: the seams every Gatehouse package shares.
export type { Clock, TimerHandle } from './clock/clock';
export { systemClock } from './clock/system-clock';
export { ManualClock } from './clock/manual-clock';
export { GatehouseError, isGatehouseError, describeError, type GatehouseErrorOptions, type GatehouseErrorJson } from './gatehouse-error';
export * from './errors';
export { backoffDelay, retry, type BackoffOptions, type RetryOptions } from './backoff';
export { seededRandom } from './seeded-random';
export { exitOnSignals, type SignalLogger, type SignalTarget } from './process/exit-on-signals';
export { loadLuaScript, runLuaScript, type LuaArg, type LuaClient, type LuaScript } from './lua/lua-script';
export { AgentClient, type AgentClientOptions, type AgentCallOptions } from './agent/agent-client';
export {
  keepAgentRegistration,
  type AgentRegistrationEvent,
  type AgentRegistrationHandle,
  type KeepAgentRegistrationOptions,
} from './agent/keep-registration';
export {
  AGENT_UNKNOWN_INSTANCE,
  type AgentDiscovery,
  type AgentHealth,
  type AgentNode,
  type AgentRegistered,
  type AgentRegistration,
  type AgentService,
  servicesProblem,
} from './agent/protocol';
