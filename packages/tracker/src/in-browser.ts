/** Whether the tracker runs in a page (a DOM, cookies, page events), rather than on a server or in a worker. */
export const inBrowser = typeof document == 'object';
