import { defineErrors } from '../../engine/plugin-errors';

/** Error codes HTTPServer raises. */
export const httpServerErrors = defineErrors({
  GW_ROUTE_CONFLICT: { status: 409, message: 'the route is already served by another pipeline' },
});
