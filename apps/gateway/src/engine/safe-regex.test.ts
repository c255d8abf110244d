import { SafeRegex } from './safe-regex';

describe('SafeRegex', () => {
  it('SafeRegex.replace expands $n, $<name>, $& and $$ like String.prototype.replace', () => {
    const re = SafeRegex.compile('^/v1/(?<rest>[a-z]+)/(\\d+)', 'f');
    const subject = '/v1/users/42?x=1';
    for (const r of ['/v2/$1/$2', '/v2/$<rest>', '[$&]', '$$1', '$3', '$`|$\'']) {
      expect(re.replace(subject, r)).toBe(subject.replace(/^\/v1\/(?<rest>[a-z]+)\/(\d+)/, r));
    }
  });

  it('gives named groups and refuses non-RE2 syntax with the field and code asked for', () => {
    expect(SafeRegex.compile('^/u/(?<id>[0-9]+)$', 'f').exec('/u/7')?.named).toEqual({ id: '7' });
    expect(SafeRegex.compile('^/u/(?P<id>[0-9]+)$', 'f').exec('/u/8')?.named).toEqual({ id: '8' });
    expect(() => SafeRegex.compile('(a)\\1', 'name_pattern', 'GW_BAD_REQUEST')).toThrow(
      expect.objectContaining({ code: 'GW_BAD_REQUEST', field: 'name_pattern' }),
    );
  });
});
