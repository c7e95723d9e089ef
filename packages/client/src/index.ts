export {
  createPlatformClient,
  signInAdminClient,
  type AdminSignIn,
  type ClientOptions,
  type PlatformClientOptions,
  type TokenConsoleClient,
} from './token-console-client.js'
export { HttpError, ProblemError, type Problem } from './problem-error.js'
export type { components, operations, paths } from './generated/api-types.js'
