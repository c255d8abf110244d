import { defineErrors } from '../../engine/plugin-errors';

/** Error codes JSONValidator raises. */
export const jsonValidatorErrors = defineErrors({
  /** The data is missing. */
  GW_BAD_REQUEST: { status: 400, message: 'the request carries no data to validate' },
  /** The data is not JSON. */
  GW_INVALID_JSON: { status: 400, message: 'the data is not valid JSON' },
  /** The data does not satisfy the schema; the message names the failing JSON path. */
  GW_VALIDATION: { status: 400, message: 'the data does not satisfy the schema' },
  /** The data is larger than max_data_bytes. */
  GW_BODY_TOO_LARGE: { status: 413, message: 'the data is too large to validate' },
});
