/**
 * The words of a confirmation: what is asked, what will happen, the confirm button, and whether
 * the action is one to think twice about (a red button). A dialog that asks several questions
 * computes one of these for the question in hand and binds it with `v-bind`.
 */
export interface ConfirmWording {
  title: string
  description: string
  confirmLabel: string
  tone?: 'danger' | 'default'
}
