/**
 * Runs in the document's head, before the body is parsed: gives the page's history entry the
 * `key` that Remix's <ScrollRestoration> keys scroll positions by and the `idx` that Remix's
 * router counts entries by. Both otherwise call history.replaceState once the body has been
 * parsed, and on a long page (a 300-question section) each call cost Chromium ~35 ms on the
 * way to interactive (decision 085). An entry that already has both (a reload, back/forward)
 * is left alone; anything else in the state is kept.
 */
export const HISTORY_STATE_SCRIPT = `(function(){var h=window.history,s=h.state;if(!s||!s.key||s.idx==null)h.replaceState(Object.assign({},s,{key:(s&&s.key)||Math.random().toString(32).slice(2),idx:s&&s.idx!=null?s.idx:0}),"")})()`;
