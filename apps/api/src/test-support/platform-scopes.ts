/** Every scope of the platform API's own routes: an integration that may call each of them. */
export const ALL_PLATFORM_SCOPES = [
  'GET /Account',
  'GET /Tokens',
  'POST /Tokens',
  'GET /Tokens/{Id}',
  'PUT /Tokens/{Id}',
  'DELETE /Tokens/{Id}',
  'POST /Tokens/{Id}/Reset',
  'GET /AuditEvents',
]
