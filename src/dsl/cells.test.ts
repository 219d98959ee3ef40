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
      expect(parseCell(Item.fields.id, '<script>')).to.equal('<script>');
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

    it('refuses what is not a datetime', () => {
      expect(parseDatetime('yesterday')).to.equal(undefined);
      expect(parseDatetime('2024-13-45T00:00:00Z')).to.equal(undefined);
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
      ).to.throw(VerificationError, '"cuont"');
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
