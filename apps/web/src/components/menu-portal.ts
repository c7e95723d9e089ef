/**
 * Where the drop-down menus render: inside the page's main landmark, not at the end of <body>, so an
 * open menu is inside a landmark (axe "region"). The menus are also non-modal (`:modal="false"`):
 * reka-ui's modal menu hides the rest of the page with aria-hidden while its links and buttons stay
 * focusable (axe "aria-hidden-focus"), and hides the page's h1 with it ("page-has-heading-one").
 */
export const MENU_PORTAL = '#main'
