// Subpath export `@gatehouse/registry/agent`: embed the agent or reuse its pieces.
export { createAgent, type Agent, type AgentOptions } from './agent';
export { CompositeAlarm, LogAlarmSink, WebhookAlarmSink, type Alarm, type AlarmEvent, type WebhookAlarmOptions } from './alarm';
export { parseAgentConfig, CONFIG_SOURCES, type AgentConfig } from './config';
export { parseRegister, parseDeregister, parseHeartbeat, MIN_TTL_MS, MAX_TTL_MS, type RegisterRequest } from './protocol';
export { withRetries, type RetryOptions } from './retry';
export { StateFile, type PersistedRegistration, type LoadedState } from './state-file';
