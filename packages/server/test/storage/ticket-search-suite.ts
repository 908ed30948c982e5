import { after, before, describe } from 'node:test';
import { searchCandidateWindowCase } from './ticket-search-candidate-window-case.js';
import { searchFilterCases } from './ticket-search-filter-cases.js';
import { type SearchSuiteStore, ticketSearchFixture } from './ticket-search-fixture.js';
import { searchInStepCases } from './ticket-search-in-step-cases.js';
import { searchOrderCases } from './ticket-search-order-cases.js';
import { searchTextCases } from './ticket-search-text-cases.js';

export type { SearchSuiteStore } from './ticket-search-fixture.js';

/**
 * The ticket list and search conformance suite (docs/search.md): SQLite and PostgreSQL run exactly these
 * cases, so the same query returns the same tickets on both engines. Tickets are written through the
 * repositories every surface uses, which keep the search rows in step themselves.
 */
export function runTicketSearchSuite(name: string, open: () => Promise<SearchSuiteStore>) {
  describe(`ticket search conformance: ${name}`, () => {
    const ctx = ticketSearchFixture(open);

    before(() => ctx.setUp());
    after(() => ctx.tearDown());

    searchFilterCases(ctx);
    searchOrderCases(ctx);
    searchTextCases(ctx);
    searchCandidateWindowCase(ctx);
    searchInStepCases(ctx);
  });
}
