import { fileURLToPath } from 'node:url';

/** The repository's build/ folder (tests run from dist/tests/unit/build/). */
export const buildDir = fileURLToPath(new URL('../../../../build/', import.meta.url));
