/** RFC 9110 §5.6.2 `token`: method names and header field names. */
export const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Characters RFC 9110 §5.5 forbids in a field value (CR, LF, NUL and other controls but HTAB). */
const NOT_FIELD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/** True for a string that may stand as (part of) a header field value. */
export function isFieldValue(value: string): boolean {
  return !NOT_FIELD_VALUE.test(value);
}

/** True for a method or header name (an HTTP token). */
export function isToken(value: string): boolean {
  return HTTP_TOKEN.test(value);
}
