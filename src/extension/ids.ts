/**
 * Names shared by the activation shell and the lazily loaded chat host. A module of its own (not settings.ts or
 * chatView.ts) so that the shell importing a name does not pull those modules, and what they import, into
 * dist/extension.js.
 */
export const SECTION = 'streamExplain';
export const VIEW_ID = 'streamExplain.chat';
export const EXPLAIN_DIFF_COMMAND = 'streamExplain.explainDiff';
export const SET_PRICE_COMMAND = 'streamExplain.setPrice';
