// Where the site's two Pagefind indexes live (src/cli/search-index.ts writes them): the search page
// loads the pages' index and merges the report records' into it.

/** The index of the site's own pages (guides, lists, reports' front pages); its folder has the UI. */
export const PAGES_INDEX = 'pagefind';
/** The index of services, teams, checks, systems and domains, made from the report as records. */
export const RECORDS_INDEX = 'pagefind-records';
