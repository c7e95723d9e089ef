import type { EditableTokenFields } from '../../tokens/changed-fields.js'
import { searchableName } from '../../tokens/token-text.js'
import type { Executor, TokensTable } from '../database/schema.js'
import { loadDeveloperEmails, loadScopedScopes } from './token-records.js'

/** A scoped token's editable fields as stored: scopes as a set (changedFields compares them so), developer e-mails in their order. */
export async function editableFieldsOf(trx: Executor, row: TokensTable): Promise<EditableTokenFields> {
  return {
    name: row.name,
    description: row.description,
    apiVersion: row.api_version,
    primaryContactUserId: row.primary_contact_user_id,
    scopes: (await loadScopedScopes(trx, [row.id])).get(row.id) ?? [],
    developerEmails: (await loadDeveloperEmails(trx, [row.id])).get(row.id) ?? [],
    rateLimitPerHour: row.rate_limit_per_hour,
  }
}

/** Writes the fields held in the token's own row (scopes and e-mails have their own tables). */
export async function writeEditableFields(
  trx: Executor,
  tokenId: string,
  fields: EditableTokenFields,
  at: string,
): Promise<void> {
  await trx
    .updateTable('tokens')
    .set({
      name: fields.name,
      name_search: searchableName(fields.name),
      description: fields.description,
      api_version: fields.apiVersion,
      primary_contact_user_id: fields.primaryContactUserId,
      rate_limit_per_hour: fields.rateLimitPerHour,
      updated_at: at,
    })
    .where('id', '=', tokenId)
    .execute()
}
