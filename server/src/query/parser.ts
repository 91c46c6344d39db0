import type { StoredEvent } from '../events/event.js';
import type { Query, QueryNode } from './ast.js';
import type { Catalogue } from './catalogue.js';
import { eventCatalogue } from './fields.js';
import { QueryError } from './query-error.js';
import { bareTerm, fieldTerm, type RawValue, type ValueSpec } from './terms.js';

const fieldName = /[A-Za-z_@][A-Za-z0-9_.@]*/y;
const keyword = /(and|or|not)(?=$|[\s()"`])/iy;

type Context = 'single' | 'list' | 'range';

/**
 * Parses and checks a query against a catalogue (the event fields by default). An empty
 * or blank query matches everything. Throws QueryError naming the position and the problem.
 */
export function parseQuery<T = StoredEvent>(
  text: string,
  catalogue: Catalogue<T> = eventCatalogue as unknown as Catalogue<T>,
): Query<T> {
  const parser = new Parser<T>(text, catalogue);
  return { text, catalogue, root: parser.parse() };
}

class Parser<T> {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly catalogue: Catalogue<T>,
  ) {}

  parse(): QueryNode<T> | null {
    this.skipSpace();
    if (this.atEnd()) return null;

    const root = this.parseOr();
    this.skipSpace();
    if (!this.atEnd()) {
      throw this.syntax("Unexpected ')': no '(' before it opens a group", this.pos, 1);
    }
    return root;
  }

  // OR binds loosest, then AND (written or implied by juxtaposition), then NOT.
  private parseOr(): QueryNode<T> {
    const children = [this.parseAnd()];
    while (this.acceptKeyword('or')) children.push(this.parseAnd());
    return children.length === 1 ? children[0]! : { kind: 'or', children };
  }

  private parseAnd(): QueryNode<T> {
    const children = [this.parseNot()];
    for (;;) {
      this.skipSpace();
      if (this.atEnd() || this.peek() === ')' || this.peekKeyword() === 'or') break;
      this.acceptKeyword('and');
      children.push(this.parseNot());
    }
    return children.length === 1 ? children[0]! : { kind: 'and', children };
  }

  private parseNot(): QueryNode<T> {
    if (this.acceptKeyword('not')) return { kind: 'not', child: this.parseNot() };
    return this.parsePrimary();
  }

  private parsePrimary(): QueryNode<T> {
    this.skipSpace();
    const start = this.pos;
    if (this.atEnd()) {
      throw this.syntax(`Expected a term after '${this.previousWord()}'`, start, 0);
    }

    const char = this.peek();
    if (char === '(') {
      this.pos++;
      const inner = this.parseOr();
      this.skipSpace();
      if (this.peek() !== ')') {
        throw this.syntax("Missing ')': the '(' here is never closed", start, 1);
      }
      this.pos++;
      return inner;
    }
    if (char === ')') throw this.syntax("Expected a term before ')'", start, 1);

    const word = this.peekKeyword();
    if (word) {
      throw this.syntax(
        `Expected a term, found the keyword ${word.toUpperCase()}; quote it to search for the word`,
        start,
        word.length,
      );
    }
    return this.parseTerm();
  }

  private parseTerm(): QueryNode<T> {
    const start = this.pos;
    fieldName.lastIndex = start;
    const name = fieldName.exec(this.text)?.[0];

    if (name) {
      let after = start + name.length;
      while (/\s/.test(this.text[after] ?? '')) after++;
      const next = this.text[after];
      if (next === ':' || next === '<' || next === '>') {
        const field = this.catalogue.find(name);
        if (!field) throw this.unknownField(name, start);
        this.pos = after;
        const spec = this.parseValueSpec();
        return fieldTerm(field, spec, start, this.pos - start);
      }
    }

    const value = this.readValue('single');
    return bareTerm(this.catalogue, value);
  }

  private parseValueSpec(): ValueSpec {
    if (this.peek() === ':') {
      this.pos++;
      this.skipSpace();
    }

    const char = this.peek();
    if (char === '<' || char === '>') {
      const position = this.pos;
      const op = (this.text.startsWith('=', this.pos + 1) ? `${char}=` : char) as
        '<' | '<=' | '>' | '>=';
      this.pos += op.length;
      this.skipSpace();
      return { kind: 'compare', op, position, value: this.readValue('single') };
    }
    if (char === '[' || char === '(') return this.parseRangeOrList();
    return { kind: 'value', value: this.readValue('single') };
  }

  // `[a..b]`, `(a..b)`, `[a..b)`, `(a..b]`, or a list `(a, b, c)`.
  private parseRangeOrList(): ValueSpec {
    const position = this.pos;
    const open = this.peek();
    this.pos++;
    this.skipSpace();
    const first = this.readValue(open === '(' ? 'list' : 'range', true);
    this.skipSpace();

    if (this.text.startsWith('..', this.pos)) {
      this.pos += 2;
      this.skipSpace();
      const second = this.readValue('range');
      this.skipSpace();
      const close = this.peek();
      if (close !== ']' && close !== ')') {
        throw this.syntax("Expected ']' or ')' to close the range", this.pos, close ? 1 : 0);
      }
      this.pos++;
      return {
        kind: 'range',
        from: first,
        to: second,
        fromInclusive: open === '[',
        toInclusive: close === ']',
        position,
        length: this.pos - position,
      };
    }

    if (open === '[') throw this.syntax("Expected '..' between the ends of the range", this.pos, 1);

    const values = [first];
    for (;;) {
      const char = this.peek();
      if (char === ')') {
        this.pos++;
        return { kind: 'list', values };
      }
      if (char !== ',') {
        throw this.syntax("Expected ',' or ')' in the list of values", this.pos, char ? 1 : 0);
      }
      this.pos++;
      this.skipSpace();
      values.push(this.readValue('list'));
      this.skipSpace();
    }
  }

  /** A plain, "quoted" or `exact` value, ending where `context` says values end. */
  private readValue(context: Context, rangeStart = false): RawValue {
    const start = this.pos;
    const char = this.peek();

    let value: RawValue;
    if (char === '"' || char === '`') {
      value = this.readQuoted(char);
    } else {
      const end = this.plainEnd(context, rangeStart);
      const text = this.text.slice(start, end);
      if (!text) {
        const found = char ? `'${char}'` : 'the end of the query';
        throw this.syntax(`Expected a value, found ${found}`, start, char ? 1 : 0);
      }
      if (context === 'single' && /^(and|or|not)$/i.test(text)) {
        throw this.syntax(
          `Expected a value, found the keyword ${text.toUpperCase()}; quote it to search for the word`,
          start,
          text.length,
        );
      }
      this.pos = end;
      value = { text, style: 'plain', position: start, length: end - start };
    }

    if (!this.atValueBoundary(context, rangeStart)) {
      throw this.syntax(
        `Unexpected '${this.peek()}' after the value; quote values that contain spaces, parentheses or quotes`,
        this.pos,
        1,
      );
    }
    return value;
  }

  private readQuoted(quote: '"' | '`'): RawValue {
    const start = this.pos;
    let text = '';
    let i = start + 1;
    for (;;) {
      const next = this.text.indexOf(quote, i);
      if (next === -1) {
        throw this.syntax(
          `Missing closing ${quote}: the value starting here is never closed`,
          start,
          1,
        );
      }
      text += this.text.slice(i, next);
      // A quote written twice stands for itself.
      if (this.text[next + 1] === quote) {
        text += quote;
        i = next + 2;
        continue;
      }
      this.pos = next + 1;
      break;
    }
    return {
      text,
      style: quote === '`' ? 'exact' : 'quoted',
      position: start,
      length: this.pos - start,
    };
  }

  private plainEnd(context: Context, rangeStart: boolean): number {
    let end = this.pos;
    for (; end < this.text.length; end++) {
      const char = this.text[end]!;
      if (/\s/.test(char) || char === '(' || char === ')' || char === '"' || char === '`') break;
      if (context === 'list' && char === ',') break;
      if ((context === 'range' || rangeStart) && char === '.' && this.text[end + 1] === '.') break;
      if (context === 'range' && char === ']') break;
    }
    return end;
  }

  private atValueBoundary(context: Context, rangeStart: boolean): boolean {
    const char = this.peek();
    if (char === undefined || /\s/.test(char) || char === ')') return true;
    if (context === 'list' && char === ',') return true;
    if ((context === 'range' || rangeStart) && this.text.startsWith('..', this.pos)) return true;
    return context === 'range' && char === ']';
  }

  private acceptKeyword(word: 'and' | 'or' | 'not'): boolean {
    this.skipSpace();
    if (this.peekKeyword() !== word) return false;
    this.pos += word.length;
    return true;
  }

  private peekKeyword(): string | null {
    keyword.lastIndex = this.pos;
    const match = keyword.exec(this.text);
    return match ? match[1]!.toLowerCase() : null;
  }

  private previousWord(): string {
    const before = this.text.slice(0, this.pos).trimEnd();
    return before.slice(before.search(/\S+$/)) || before;
  }

  private peek(): string | undefined {
    return this.text[this.pos];
  }

  private atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private syntax(message: string, position: number, length: number): QueryError {
    return new QueryError('syntax', message, position, length);
  }

  private unknownField(name: string, position: number): QueryError {
    const suggestions = this.catalogue.suggest(name);
    const hint = suggestions.length ? `; did you mean ${suggestions.join(', ')}?` : '';
    return new QueryError(
      'unknown-field',
      `Unknown ${this.catalogue.name} field '${name}'${hint}`,
      position,
      name.length,
      { field: name, suggestions },
    );
  }
}
