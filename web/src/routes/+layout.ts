// A single-page app: every route renders in the browser, served by the fallback index.html.
export const ssr = false;
export const prerender = false;
