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

/**
 * The [More] menu's own props out of a wrapper's (the token or the legacy menu), so every wrapper
 * hands all of them on to MoreMenu and a prop added above reaches each menu from here.
 */
export function moreMenuPropsOf(props: MoreMenuProps): Required<MoreMenuProps> {
  return {
    describedBy: props.describedBy,
    busy: props.busy ?? false,
    opening: props.opening ?? false,
    labelled: props.labelled ?? false,
  }
}
