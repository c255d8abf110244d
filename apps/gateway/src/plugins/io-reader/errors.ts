import { defineErrors } from '../../engine/plugin-errors';

/** Error codes IOReader raises. */
export const ioReaderErrors = defineErrors({
  /** The input is missing, or is not base64 when decoding. */
  GW_BAD_REQUEST: { status: 400, message: 'nothing to read' },
  /** The stream is longer than read_length_max. */
  GW_BODY_TOO_LARGE: { status: 413, message: 'the stream is longer than the limit' },
  /** The stream failed while being read. */
  GW_BAD_GATEWAY: { status: 502, message: 'the stream failed while being read' },
  /** The stream did not end within read_timeout_msec. */
  GW_GATEWAY_TIMEOUT: { status: 504, message: 'the stream did not end in time' },
});
