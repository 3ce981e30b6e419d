/**
 * TypeBox, the one way Tabula's contracts and the agent reach it (the schemas of protocol/, the
 * configuration's, the local channel's and the report spool's checks).
 *
 * The package is some 250 small ES modules; loaded as they are, they cost the agent ~11 MB of
 * resident memory and every CLI command that validates a few ms of start-up (issue 14). `npm run
 * build` therefore replaces this file's compiled form (dist/protocol/typebox.js) with one
 * self-contained module bundled by esbuild (scripts/bundle-typebox.mjs): same exports, same
 * TypeBox version, one module. Its kinds are `Symbol.for` keys, so schemas built here and checked
 * by another copy of TypeBox (the dashboard's Fastify) still agree. Compiled by tsc alone, this
 * file simply re-exports the package.
 */
export { Kind, Type } from '@sinclair/typebox';
export type { Static, TLiteral, TOptional, TSchema, TUnion } from '@sinclair/typebox';
export { Value, ValueErrorType } from '@sinclair/typebox/value';
