import { configure } from '@testing-library/vue'

/**
 * findBy… and waitFor wait up to 10 s, as the console's own `waitFor` does: a page, a dialog or the
 * Chinese catalog is a lazily loaded chunk that vitest transforms on first use, which took more than
 * Testing Library's default second on a loaded 2-core machine. A passing query returns as soon as
 * its element appears; only a failure waits the whole time.
 */
configure({ asyncUtilTimeout: 10_000 })
