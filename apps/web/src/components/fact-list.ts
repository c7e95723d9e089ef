/**
 * One row of a FactList: a label and its value, shown as text, a date, a date and time, or when a
 * credential was last used (null: never).
 */
export type Fact = { label: string } & (
  { text: string } | { date: string } | { dateTime: string } | { lastUsed: string | null }
)
