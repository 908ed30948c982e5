/** The ticket search suite's full-text cases: matching, notes, snippets, ranking, direct lookups, tenant isolation. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SearchSuiteContext } from './ticket-search-fixture.js';

/** Registers the cases; `ctx.storage` is read when a case runs, after the suite's `before`. */
export function searchTextCases(ctx: SearchSuiteContext) {
  const { at, agentA, fixture, otherLeadId, create, list, numbers, all, n } = ctx;

  describe('full-text search', () => {
    test('words must all occur, in title, description or conversations, any case', async () => {
      assert.deepEqual((await numbers({ text: 'printer' })).sort(), [n('printer'), n('password')].sort());
      assert.deepEqual(await numbers({ text: 'PRINTER jammed' }), [n('printer')]);
      assert.deepEqual(await numbers({ text: 'tray stuck' }), [n('printer')]);
      assert.deepEqual(await numbers({ text: 'printer nonexistentword' }), []);
      assert.deepEqual(await numbers({ text: 'printer', trashed: true }), [n('trashed')]);
      assert.deepEqual(await numbers({ text: 'printer', status: ['Resolved'] }), [n('password')]);
    });

    test('phrases, prefixes, punctuation inside words, unicode', async () => {
      assert.deepEqual(await numbers({ text: '"floor two"' }), [n('printer')]);
      assert.deepEqual(await numbers({ text: '"two floor"' }), []);
      assert.deepEqual(await numbers({ text: 'refu*' }), [n('refund')]);
      assert.deepEqual(await numbers({ text: 'e-42' }), [n('printer')]);
      assert.deepEqual(await numbers({ text: 'order-1234' }), [n('refund')]);
      assert.deepEqual(await numbers({ text: 'größe' }), [n('unicode')]);
      assert.deepEqual(await numbers({ text: 'GRÖSSE' }), [], 'no stemming or folding beyond case');
      assert.deepEqual(await numbers({ text: 'CAFÉ' }), [n('unicode')]);
      assert.deepEqual(await numbers({ text: '東京' }), [n('unicode')]);
      assert.deepEqual(await numbers({ text: 'naïve résumé' }), [n('unicode')]);
    });

    test('odd input is never a syntax error', async () => {
      const odd = [
        '"',
        '""',
        '"unbalanced printer',
        'printer"',
        'NEAR(printer jammed)',
        'printer AND jammed',
        'printer OR refund',
        'NOT printer',
        '*',
        'pr*',
        '* printer',
        ':',
        'title:printer',
        '{title}: printer',
        '&',
        '|',
        '!',
        '<->',
        "'",
        "printer's",
        '\\',
        '(',
        ')',
        '^printer',
        '-printer',
        '+printer',
        '💥',
        '\u0000',
        '\u200b',
        '   ',
        '',
        'a'.repeat(200),
        'x '.repeat(500),
        ':* & | ! <-> ( ) \' " \\ NEAR AND OR NOT',
      ];
      for (const text of odd) {
        const page = await list({ text });
        assert.ok(Array.isArray(page.tickets), JSON.stringify(text));
      }
      // Operators are words like any other, and the words around them still search.
      assert.deepEqual(await numbers({ text: 'NEAR(printer jammed)' }), []);
      assert.deepEqual(await numbers({ text: '"unbalanced printer' }), []);
      assert.deepEqual(await numbers({ text: 'printer"' }), await numbers({ text: 'printer' }));
      assert.deepEqual(await numbers({ text: 'title:printer jammed' }), []);
      assert.deepEqual(await numbers({ text: '{jammed}: printer' }), [n('printer')]);
      // Blank text is no text filter.
      assert.deepEqual(await numbers({ text: '   ' }), await numbers({}));
    });

    test('internal notes only when asked; conversations always', async () => {
      await ctx.storage.transaction((tx) =>
        tx.activities.insert({
          orgId: 1,
          ticketId: fixture.refund?.id ?? '',
          type: 'InternalNote',
          html: null,
          text: 'Customer is a chargeback risk, escalate quietly.',
          createdBy: agentA,
          createdAt: at(60),
        }),
      );
      await ctx.storage.transaction((tx) =>
        tx.activities.insert({
          orgId: 1,
          ticketId: fixture.password?.id ?? '',
          type: 'InboundEmail',
          html: '<p>Still <b>locked</b> out &amp; waiting</p>',
          text: null,
          createdBy: 'customer',
          createdAt: at(61),
        }),
      );
      assert.deepEqual(await numbers({ text: 'chargeback' }), []);
      const withNotes = await list({ text: 'chargeback', includeNotes: true });
      assert.deepEqual(
        withNotes.tickets.map((t) => t.number),
        [n('refund')],
      );
      const notes = withNotes.tickets[0]?.snippets?.find((s) => s.field === 'notes');
      assert.ok(notes);
      assert.deepEqual(
        notes.highlights.map(([a, b]) => notes.text.slice(a, b)),
        ['chargeback'],
      );
      // With notes, title and description terms match and rank exactly as without (PostgreSQL asks the
      // index for plain words then, without the weights that keep notes out).
      for (const text of ['printer', 'PRINTER jammed', '"floor two"', '"two floor"', 'refu*', 'dupl* refund', 'e-42']) {
        const ranked = async (includeNotes: boolean) =>
          (await list({ text, includeNotes })).tickets.map((t) => [t.number, t.rank]);
        assert.deepEqual(await ranked(true), await ranked(false), text);
      }
      // Phrases, prefixes and a mix of note and title words reach the note.
      for (const text of ['"chargeback risk"', 'chargeb*', 'chargeback refu*', '"escalate quietly" order']) {
        assert.deepEqual(await numbers({ text, includeNotes: true }), [n('refund')], text);
        assert.deepEqual(await numbers({ text }), [], text);
      }
      // A conversation stored as HTML only: found, and its snippet is plain text.
      const [locked] = (await list({ text: 'locked waiting' })).tickets;
      assert.equal(locked?.number, n('password'));
      const body = locked?.snippets?.find((s) => s.field === 'body');
      assert.ok(body);
      assert.doesNotMatch(body.text, /<|&amp;/);
      assert.deepEqual(
        body.highlights.map(([a, b]) => body.text.slice(a, b)),
        ['locked', 'waiting'],
      );
    });

    test('snippets: the title always, the best passage, [start, end) ranges on plain text', async () => {
      const [hit] = (await list({ text: 'duplicate refund' })).tickets;
      assert.equal(hit?.number, n('refund'));
      assert.equal(hit?.match, 'text');
      assert.equal(typeof hit?.rank, 'number');
      const [title, body] = hit?.snippets ?? [];
      assert.equal(title?.field, 'title');
      assert.equal(title?.text, 'Refund for order 1234');
      assert.deepEqual(title?.highlights, [[0, 6]]);
      assert.equal(body?.field, 'body');
      assert.deepEqual(
        body?.highlights.map(([a, b]) => body.text.slice(a, b).toLowerCase()),
        ['refund', 'duplicate'],
      );
      for (const [a, b] of body?.highlights ?? []) assert.ok(a < b && b <= (body?.text.length ?? 0));
      const phrase = (await list({ text: '"floor two"' })).tickets[0]?.snippets?.[0];
      assert.deepEqual(
        phrase?.highlights.map(([a, b]) => phrase.text.slice(a, b)),
        ['floor two'],
      );
      const prefix = (await list({ text: 'dupl*' })).tickets[0]?.snippets?.find((s) => s.field === 'body');
      assert.deepEqual(
        prefix?.highlights.map(([a, b]) => prefix.text.slice(a, b)),
        ['duplicate'],
      );
      // A long body is cut around the match, with the cut marked.
      const long = await create(3, {
        title: 'long one',
        description: `${'filler words here '.repeat(40)}the needle sits here ${'more filler text '.repeat(40)}`,
      });
      const [found] = (await list({ text: 'needle' }, 3)).tickets;
      assert.equal(found?.number, long.number);
      const cut = found?.snippets?.find((s) => s.field === 'body');
      assert.ok(cut);
      assert.ok(cut.truncatedStart && cut.truncatedEnd && cut.text.length <= 200);
      assert.deepEqual(
        cut.highlights.map(([a, b]) => cut.text.slice(a, b)),
        ['needle'],
      );
    });

    test('ranking: a title match comes before a description-only match', async () => {
      const ranked = (await list({ text: 'printer' })).tickets;
      assert.deepEqual(
        ranked.map((t) => t.number),
        [n('printer'), n('password')],
      );
      assert.ok((ranked[0]?.rank ?? 0) > (ranked[1]?.rank ?? 0));
      const asc = await numbers({ text: 'printer', order: 'asc' });
      assert.deepEqual(asc, [n('password'), n('printer')]);
      // Other sorts apply to text matches too.
      assert.deepEqual(await numbers({ text: 'printer', sort: 'number', order: 'asc' }), [n('printer'), n('password')]);
    });

    test('relevance over more matches than one ranking window: ties, a small tenant, pages', async () => {
      // Org 3: 300 tickets naming the word in the title, all scoring the same (ties across the 256-candidate
      // window the text index ranks first); org 2: five with it only in the description, ranking below all
      // of org 3's, so org 2's page needs a wider window.
      const tied: number[] = [];
      for (let i = 0; i < 300; i++) tied.push((await create(3, { title: 'zebracorn report' })).number);
      const few: number[] = [];
      for (let i = 0; i < 5; i++) {
        few.push((await create(2, { title: 'other', description: 'a zebracorn was seen' })).number);
      }
      assert.deepEqual(await numbers({ text: 'zebracorn' }, 2), [...few].reverse());
      const paged = await all({ text: 'zebracorn', limit: 7 }, 3);
      assert.deepEqual(
        paged.map((t) => t.number),
        [...tied].reverse(),
        'equal scores in ticket number order, each once',
      );
      // Distinct scores: the word in the title of every third ticket, else once in a description of varying length.
      const varied: number[] = [];
      for (let i = 0; i < 300; i++) {
        const title = i % 3 === 0 ? 'quokka sighting' : `note ${i}`;
        const description = i % 3 === 0 ? 'seen' : `quokka ${'and more words '.repeat(1 + (i % 17))}`;
        varied.push((await create(3, { title, description })).number);
      }
      const ranked = await all({ text: 'quokka', limit: 9 }, 3);
      assert.deepEqual(
        ranked.map((t) => t.number).sort((a, b) => a - b),
        varied,
        'every match once',
      );
      for (let i = 1; i < ranked.length; i++) {
        const [a, b] = [ranked[i - 1], ranked[i]];
        assert.ok(a && b && a.rank !== undefined && b.rank !== undefined);
        assert.ok(a.rank > b.rank || (a.rank === b.rank && a.number > b.number), `order at ${i}`);
      }
      assert.ok(
        ranked.slice(0, 100).every((t, i) => i >= 100 || t.title === 'quokka sighting'),
        'title matches first',
      );
      const first = await numbers({ text: 'quokka', limit: 100 }, 3);
      assert.deepEqual(
        first,
        ranked.slice(0, 100).map((t) => t.number),
        'a page of 100 is the first 100 of the pages',
      );
    });

    test('direct lookups: number, #number, GUID, lead email and phone find their ticket first', async () => {
      for (const text of [
        `${n('password')}`,
        `#${n('password')}`,
        fixture.password?.id ?? '',
        (fixture.password?.id ?? '').toUpperCase(),
      ]) {
        const [first] = (await list({ text })).tickets;
        assert.equal(first?.number, n('password'), text);
        assert.equal(first?.match, 'direct', text);
      }
      for (const text of ['maria.lopez@example.com', 'Maria.Lopez@Example.com', '+919876543210', '919876543210']) {
        const page = await list({ text });
        assert.equal(page.tickets[0]?.number, n('printer'), text);
        assert.equal(page.tickets[0]?.match, 'direct', text);
      }
      // "1234" names ticket 1234 (none) and is also a word: text matches follow.
      assert.deepEqual(await numbers({ text: '1234' }), [n('refund')]);
      // A direct match still honours the filters, and shows once.
      assert.deepEqual(await numbers({ text: `#${n('password')}`, status: ['Open'] }), []);
      const once = await all({ text: `${n('printer')}`, limit: 1 });
      assert.equal(once.filter((t) => t.number === n('printer')).length, 1);
      assert.deepEqual(await numbers({ text: `#${n('trashed')}` }), []);
      assert.deepEqual(await numbers({ text: `#${n('trashed')}`, trashed: true }), [n('trashed')]);
    });

    test('tenant isolation: org 1 never sees org 2 by text, number, GUID, email or phone', async () => {
      const org2 = fixture.other;
      assert.ok(org2);
      for (const text of ['printer', 'jammed', 'e-42', org2.id, 'maria.lopez@example.com', '+919876543210']) {
        for (const t of (await list({ text, includeNotes: true })).tickets) {
          assert.notEqual(t.id, org2.id, text);
          assert.ok(t.lead === null || t.lead.id !== otherLeadId);
        }
      }
      assert.deepEqual(await numbers({ text: 'printer jammed' }, 2), [org2.number]);
      assert.deepEqual(
        (await list({ text: org2.id }, 1)).tickets.map((t) => t.id),
        [],
      );
      assert.deepEqual(await numbers({}, 4), []);
    });
  });
}
