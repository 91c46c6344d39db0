/**
 * The Redis server tests may use, from TELLTALE_TEST_REDIS_URL; each test run picks its own
 * channel prefix, so runs sharing the server never hear each other. Without it the Redis
 * tests are skipped with a message; under CI (TELLTALE_REQUIRE_REDIS=1) its absence fails
 * the run.
 */
export const redisTestUrl = process.env.TELLTALE_TEST_REDIS_URL || null;

if (!redisTestUrl) {
  if (process.env.TELLTALE_REQUIRE_REDIS === '1') {
    throw new Error('TELLTALE_TEST_REDIS_URL is required but not set');
  }
  console.warn('skipping Redis tests: TELLTALE_TEST_REDIS_URL is not set');
}
