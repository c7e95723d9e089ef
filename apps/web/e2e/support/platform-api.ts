/** An Account SID + Auth Token pair as a consumer would paste it into an integration. */
export interface Credential {
  accountSid: string
  authToken: string
}

export const ACCOUNT_SID_FORMAT = /^TK[0-9A-Za-z]{22}$/
export const AUTH_TOKEN_FORMAT = /^tcat_[0-9A-Za-z]{34}$/

/** Calls the platform API as an integration would and answers the HTTP status. */
export async function platformAccountStatus(baseUrl: string, credential: Credential): Promise<number> {
  const basic = Buffer.from(`${credential.accountSid}:${credential.authToken}`).toString('base64')
  const response = await fetch(`${baseUrl}/platform/Account`, {
    headers: { authorization: `Basic ${basic}` },
  })
  await response.arrayBuffer()
  return response.status
}
