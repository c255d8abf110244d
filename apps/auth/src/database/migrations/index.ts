// The ordered list of migrations, imported explicitly (no glob) so the build output is self-contained.
import { CreateUsers1764100000000 } from './1764100000000-create-users';

/** Every migration, oldest first. */
export const MIGRATIONS = [CreateUsers1764100000000];
