import presets from '@gatehouse/eslint-config';

export default presets;
