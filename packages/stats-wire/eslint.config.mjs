// The shared presets plus the type-aware promise rules, resolved from this package's dependencies.
import presets, { promises } from '@gatehouse/eslint-config';

export default [...presets, ...promises(import.meta.dirname)];
