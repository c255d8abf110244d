import type { JSONSchema } from '../../engine/schema';

/** Config of an IOReader plugin (defaults filled in). */
export interface IoReaderConfig {
  plugin_name: string;
  /** Task key of the stream (or a buffer or string) to read, e.g. HTTPOutput's "HTTP_RESP_BODY_IO". */
  input_key: string;
  /** Task key the buffer is written to, e.g. "HTTP_RESP_BODY_BUF". */
  output_key: string;
  /** Most bytes read; a longer stream fails the task with 413 (and is destroyed). @default 1048576 (1 MiB) */
  read_length_max: number;
  /** Destroy the stream once read (so a keep-alive socket is released) and remove it from the task. @default true */
  close_after_read: boolean;
  /** "" keeps the bytes, "encode" writes their base64 text, "decode" decodes base64 text into bytes. @default "" */
  base64_coding: '' | 'encode' | 'decode';
  /** A stream that has not ended by then fails the task with 504. @default 30000 */
  read_timeout_msec: number;
}

const KEY = { type: 'string', minLength: 1, maxLength: 128 };

export const ioReaderSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['plugin_name', 'input_key', 'output_key'],
  properties: {
    plugin_name: { type: 'string' },
    input_key: KEY,
    output_key: KEY,
    read_length_max: { type: 'integer', minimum: 1, maximum: 268435456, default: 1048576 },
    close_after_read: { type: 'boolean', default: true },
    base64_coding: { type: 'string', enum: ['', 'encode', 'decode'], default: '' },
    read_timeout_msec: { type: 'integer', minimum: 1, maximum: 600000, default: 30000 },
  },
};
