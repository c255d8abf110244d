// The HTTP status each catalogue code answers with.
import { ErrorCodes, type RegistryError } from '../errors';

/** HTTP status of an error the agent answers with. */
export function statusOf(err: RegistryError): number {
  switch (err.code) {
    case ErrorCodes.AGENT_BODY_TOO_LARGE:
      return 413;
    case ErrorCodes.AGENT_NOT_FOUND:
    case ErrorCodes.AGENT_UNKNOWN_INSTANCE:
      return 404;
    case ErrorCodes.AGENT_METHOD_NOT_ALLOWED:
      return 405;
    case ErrorCodes.AGENT_BODY_TIMEOUT:
      return 408;
    case ErrorCodes.AGENT_REGISTRY_UNAVAILABLE:
      return 503;
    case ErrorCodes.AGENT_INTERNAL:
    case ErrorCodes.AGENT_STATE:
      return 500;
    default:
      return 400; // bad request, invalid service/options, metadata too large, Consul 4xx
  }
}
