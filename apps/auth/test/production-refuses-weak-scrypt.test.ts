// The test-only low-cost scrypt switch cannot be used in production mode.
import { ConfigInvalidError } from '../src/errors';
import { createTestDatabase, startTestApp } from './harness';

describe('production mode', () => {
  it('refuses the test-only weak scrypt parameters before opening anything', async () => {
    const db = await createTestDatabase('sqlite');
    try {
      await expect(startTestApp('sqlite', { production: true }, db)).rejects.toBeInstanceOf(ConfigInvalidError);
    } finally {
      await db.drop();
    }
  });
});
