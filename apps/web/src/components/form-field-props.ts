/** What labels, explains and refuses a form field: FormField's, and so TextField's and SelectField's. */
export interface FormFieldProps {
  label: string
  id?: string | undefined
  hint?: string | null
  error?: string | null
  /** Ids of what else describes the control, read after the hint (a counter, a hint outside the field). */
  describedBy?: string | undefined
}
