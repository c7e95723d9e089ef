/** What every [More] menu takes (MoreMenu, and the token and legacy menus built on it). */
export interface MoreMenuProps {
  /** Id of the title the menu acts on (the card's or the page's heading). */
  describedBy: string
  busy?: boolean
  /**
   * The chosen item's dialog is on its way (useLazyDialog): a spinner and aria-busy, the button still
   * enabled, so that focus stays on it and another item can be chosen instead.
   */
  opening?: boolean
  /** On a page header: a bordered button with its name shown, not the card's bare icon. */
  labelled?: boolean
}
