import { expect } from 'chai';
import { defineModel, field } from '../orm';
import { parseCell, parseDatetime, parseExpectedCell, parseHorizontal, parseKey, parseQuery, parseVertical } from './cells';
import { type Matcher, VerificationError } from './verification';

const Item = defineModel('Item', {
  id: field.string({ primaryKey: true }),
  count: field.integer({ nullable: true }),
  price: field.float({ nullable: true }),
  on: field.boolean({ default: true }),
  at: field.datetime({ nullable: true }),
  data: field.json({ nullable: true }),
});
const Keyed = defineModel('Keyed', { sku: field.integer({ primaryKey: true }) });
const Pair = defineModel('Pair', { a: field.string({ primaryKey: true }), b: field.integer({ primaryKey: true }) });
const fixed = { now: () => new Date('2024-05-06T07:08:09.010Z') };

describe('Gherkin cells', () => {
  describe('parseCell', () => {
    it('parses each kind, and passes text that does not parse on as text', () => {
      expect(parseCell(Item.fields.count, '42')).to.equal(42);
      expect(parseCell(Item.fields.count, '-7')).to.equal(-7);
      expect(parseCell(Item.fields.count, 'abc')).to.equal('abc');
      expect(parseCell(Item.fields.count, '1.5')).to.equal('1.5');
      expect(parseCell(Item.fields.price, '1.5e3')).to.equal(1500);
      expect(parseCell(Item.fields.price, 'Infinity')).to.equal('Infinity');
      expect(parseCell(Item.fields.on, 'false')).to.equal(false);
      expect(parseCell(Item.fields.on, 'yes')).to.equal('yes');
      expect(parseCell(Item.fields.data, '{"a":[1,"x"]}')).to.deep.equal({ a: [1, 'x'] });
      expect(parseCell(Item.fields.data, '"x"')).to.equal('x');
      expect(parseCell(Item.fields.id, '42')).to.equal('42');
      expect(parseCell(undefined, '42')).to.equal('42');
    });

    it('refuses a json cell that is not JSON, saying how to write a string', () => {
      expect(() => parseCell(Item.fields.data, 'plain words')).to.throw(VerificationError, 'a string in quotes');
    });

    it('reads the markers', () => {
      expect(parseCell(Item.fields.count, '<null>')).to.equal(null);
      expect(parseCell(Item.fields.id, '<empty>')).to.equal('');
      expect(parseCell(Item.fields.id, '<"  padded\\t">')).to.equal('  padded\t');
      expect(parseCell(Item.fields.id, '<"\\u00e9">')).to.equal('é');
      expect(parseCell(Item.fields.id, '<"ab" x 3>')).to.equal('ababab');
      expect(parseCell(Item.fields.id, '<"<script>">')).to.equal('<script>');
      expect(parseCell(Item.fields.id, '<b>bold</b>')).to.equal('<b>bold</b>');
    });

    it('refuses a misspelt or unknown marker, naming the closest marker, every marker and how to write the text itself', () => {
      for (const [cell, closest] of [
        ['<nul>', '<null>'],
        ['<NULL>', '<null>'],
        ['<emtpy>', '<empty>'],
        ['<nwo>', '<now>'],
      ] as const) {
        expect(() => parseCell(Item.fields.id, cell), cell)
          .to.throw(VerificationError, `The cell ${cell} is not a marker (did you mean ${closest}?)`)
          .with.property('message')
          .that.includes('Markers: <null> (null), <empty> (the empty string)')
          .and.includes(`write <"${cell}">`);
      }
      expect(() => parseCell(Item.fields.id, '<script>')).to.throw(VerificationError, /^The cell <script> is not a marker\. Markers:/);
      expect(() => parseCell(Item.fields.id, '<scroe>')).to.throw(VerificationError, 'unreplaced Scenario Outline placeholder');
    });

    it('refuses the expectation markers in data to write', () => {
      expect(() => parseCell(Item.fields.count, '<any>')).to.throw(VerificationError, 'only states an expectation');
      expect(() => parseCell(Item.fields.at, '<now>')).to.throw(VerificationError, 'only states an expectation');
    });

    it('keeps an integer beyond the safe range exactly as written (a bigint), so the ORM reports it as written', () => {
      expect(parseCell(Item.fields.count, '12345678901234567890')).to.equal(12345678901234567890n);
      expect(parseCell(Item.fields.count, '-9007199254740992')).to.equal(-9007199254740992n);
      expect(parseCell(Item.fields.count, '9007199254740991')).to.equal(9007199254740991);
      expect(parseKey(Keyed, '12345678901234567890')).to.equal(12345678901234567890n);
      expect(parseQuery(Item, [['limit', '99999999999999999999']]).limit).to.equal(99999999999999999999n);
    });

    it('writes out <from..to> as the numbers, comma-separated: text, or an __in list of any kind', () => {
      expect(parseCell(Item.fields.id, '<8..11>')).to.equal('8,9,10,11');
      expect(parseQuery(Item, [['count__in', '<1..70000>']]).filter?.count__in).to.deep.equal(
        Array.from({ length: 70_000 }, (_, i) => i + 1),
      );
      expect(parseQuery(Item, [['id__in', '<3..4>']]).filter?.id__in).to.deep.equal(['3', '4']);
      expect(() => parseCell(Item.fields.id, '<5..4>')).to.throw(VerificationError, '<1..5000>');
    });
  });

  describe('parseDatetime', () => {
    it('reads ISO 8601 with a zone, and takes a zone-less one as UTC', () => {
      expect(parseDatetime('2024-01-02T03:04:05.678Z')?.toISOString()).to.equal('2024-01-02T03:04:05.678Z');
      expect(parseDatetime('2024-01-02T03:04:05+02:00')?.toISOString()).to.equal('2024-01-02T01:04:05.000Z');
      expect(parseDatetime('2024-01-02T03:04:05')?.toISOString()).to.equal('2024-01-02T03:04:05.000Z');
      expect(parseDatetime('2024-01-02')?.toISOString()).to.equal('2024-01-02T00:00:00.000Z');
    });

    it('leaves text of another shape to the caller', () => {
      expect(parseDatetime('yesterday')).to.equal(undefined);
      expect(parseDatetime('2024-1-5')).to.equal(undefined);
      expect(parseCell(Item.fields.at, 'yesterday')).to.equal('yesterday');
    });

    it('refuses a date or time that does not exist instead of rolling it over, saying why', () => {
      const cases: [string, string][] = [
        ['2024-02-30', 'February 2024 has 29 days, so day 30 does not exist'],
        ['2023-02-29T00:00:00Z', 'February 2023 has 28 days, so day 29 does not exist'],
        ['1900-02-29', 'February 1900 has 28 days'],
        ['2024-04-31T12:00:00Z', 'April 2024 has 30 days'],
        ['2024-01-00', 'January 2024 has 31 days, so day 00 does not exist'],
        ['2024-13-01T00:00:00Z', 'month 13 does not exist: months run from 01 to 12'],
        ['2024-00-10', 'month 00 does not exist'],
        ['2024-01-01T24:00:00', 'hour 24 does not exist: hours run from 00 to 23 (midnight at the end of a day is 00:00 of the next day)'],
        ['2024-01-01T10:60:00Z', 'minute 60 does not exist: minutes run from 00 to 59'],
        ['2024-01-01T10:00:60Z', 'second 60 does not exist'],
        ['2024-01-01T10:00:00+24:00', 'the offset +24:00 does not exist'],
      ];
      for (const [text, why] of cases) {
        expect(() => parseDatetime(text), text).to.throw(VerificationError, `"${text}" is not a real datetime: ${why}`);
        expect(() => parseCell(Item.fields.at, text), text).to.throw(VerificationError, why);
      }
      expect(() => parseQuery(Item, [['at__lt', '2024-02-30']])).to.throw(VerificationError, 'February 2024 has 29 days');
    });

    it('accepts the edges that do exist: leap days, the last millisecond, the year 0000 (which the ORM then refuses by range)', () => {
      expect(parseDatetime('2024-02-29')?.toISOString()).to.equal('2024-02-29T00:00:00.000Z');
      expect(parseDatetime('2000-02-29T23:59:59.999Z')?.toISOString()).to.equal('2000-02-29T23:59:59.999Z');
      expect(parseDatetime('2024-12-31T23:59:59.999-23:59')?.toISOString()).to.equal('2025-01-01T23:58:59.999Z');
      expect(parseDatetime('0000-02-29')?.toISOString()).to.equal('0000-02-29T00:00:00.000Z');
    });
  });

  describe('expectations', () => {
    it('<any> matches any non-null value and <now> the clock time to the millisecond', () => {
      const any = parseExpectedCell(Item.fields.count, '<any>', fixed) as Matcher;
      expect(any.test(0)).to.equal(true);
      expect(any.test(null)).to.equal(false);
      const now = parseExpectedCell(Item.fields.at, '<now>', fixed) as Matcher;
      expect(now.test(new Date('2024-05-06T07:08:09.010Z'))).to.equal(true);
      expect(now.test(new Date('2024-05-06T07:08:09.011Z'))).to.equal(false);
    });
  });

  describe('tables', () => {
    it('reads a vertical table, refusing a field given twice', () => {
      expect(
        parseVertical(Item, [
          ['id', 'a'],
          ['count', '3'],
        ]),
      ).to.deep.equal({ id: 'a', count: 3 });
      expect(() =>
        parseVertical(Item, [
          ['id', 'a'],
          ['id', 'b'],
        ]),
      ).to.throw(VerificationError, 'appears twice');
      expect(() => parseVertical(Item, [['id']])).to.throw(VerificationError, 'two columns');
    });

    it('reads a horizontal table; as expectations its header must name real fields', () => {
      expect(
        parseHorizontal(Item, [
          ['id', 'count'],
          ['a', '1'],
          ['b', '<null>'],
        ]),
      ).to.deep.equal([
        { id: 'a', count: 1 },
        { id: 'b', count: null },
      ]);
      expect(() =>
        parseHorizontal(
          Item,
          [
            ['id', 'cuont'],
            ['a', '1'],
          ],
          fixed,
        ),
      ).to.throw(
        VerificationError,
        '"cuont" (did you mean "count"?), which Item does not have. Its fields are: id, count, price, on, at, data.',
      );
    });

    it('as expectations, a vertical table must name real fields too, suggesting the closest', () => {
      expect(() => parseVertical(Item, [['prise', '1.5']], fixed)).to.throw(
        VerificationError,
        'The Item table names "prise" (did you mean "price"?), which Item does not have. Its fields are: id, count, price, on, at, data.',
      );
      expect(parseVertical(Item, [['prise', '1.5']])).to.deep.equal({ prise: '1.5' }); // data to write: the ORM reports it
    });
  });

  describe('parseKey', () => {
    it('reads a single key by its field type, and a composite key by name', () => {
      expect(parseKey(Item, 'a')).to.equal('a');
      expect(parseKey(Pair, 'a=x, b=2')).to.deep.equal({ a: 'x', b: 2 });
      expect(parseKey(Item, 'id=a')).to.deep.equal({ id: 'a' });
      expect(parseKey(Item, 'x=1')).to.equal('x=1');
    });

    it('refuses a composite key written without names', () => {
      expect(() => parseKey(Pair, 'x')).to.throw(VerificationError, 'a=…, b=…');
    });
  });

  describe('parseQuery', () => {
    it('reads lookups, exclusions, order, limit and offset', () => {
      const spec = parseQuery(Item, [
        ['count__gte', '3'],
        ['at__lt', '2024-01-01T00:00:00Z'],
        ['exclude id__startswith', 'x'],
        ['order by', '-count, id'],
        ['limit', '2'],
        ['offset', '1'],
      ]);
      expect(spec).to.deep.equal({
        filter: { count__gte: 3, at__lt: new Date('2024-01-01T00:00:00Z') },
        exclude: [{ id__startswith: 'x' }],
        orderBy: ['-count', 'id'],
        limit: 2,
        offset: 1,
      });
    });

    it('reads __in as a JSON array or a comma-separated list, and __isnull as a boolean', () => {
      expect(parseQuery(Item, [['count__in', '[1, 2]']]).filter).to.deep.equal({ count__in: [1, 2] });
      expect(parseQuery(Item, [['count__in', '1, 2']]).filter).to.deep.equal({ count__in: [1, 2] });
      expect(parseQuery(Item, [['id__in', 'a,b']]).filter).to.deep.equal({ id__in: ['a', 'b'] });
      expect(parseQuery(Item, [['count__isnull', 'true']]).filter).to.deep.equal({ count__isnull: true });
    });

    it('passes an unparsable limit on as text, so the ORM reports it', () => {
      expect(parseQuery(Item, [['limit', 'many']]).limit).to.equal('many');
    });

    it('refuses a misspelt row name, naming the closest row and every row; other unknown names go on to the ORM', () => {
      expect(() => parseQuery(Item, [['oder by', 'id']])).to.throw(
        VerificationError,
        'The query row "oder by" is not a lookup of Item nor one of the other rows (did you mean "order by"?). The rows are: a lookup such as age__gte, order by, limit, offset, soft-deleted, exclude <lookup>.',
      );
      expect(() => parseQuery(Item, [['limt', '2']])).to.throw(VerificationError, '(did you mean "limit"?)');
      expect(() => parseQuery(Item, [['sort by', 'id']])).to.throw(VerificationError, 'The rows are:');
      expect(parseQuery(Item, [['nickname', 'x']]).filter).to.deep.equal({ nickname: 'x' });
      expect(parseQuery(Item, [['count__gtee', '1']]).filter).to.deep.equal({ count__gtee: 1 });
    });

    it('refuses a lookup given twice', () => {
      expect(() =>
        parseQuery(Item, [
          ['count', '1'],
          ['count', '2'],
        ]),
      ).to.throw(VerificationError, 'twice');
    });
  });
});
