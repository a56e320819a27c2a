import { ApolloServer } from '@apollo/server';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../runtime/createMetrics.ts';
import { createFormatError } from '../runtime/formatError.ts';
import { firstNames, observe, registeredNames } from '../runtime/observe.ts';
import { parse } from 'graphql';

const worklistDoc = parse('query Worklist { a }');
const otherDoc = parse('query Worklist { b }');

// What a request leaves in the log and in the answer when it fails inside: the answer says only
// "Internal server error"; the log has the failed statement under the request id, never its
// parameters; and a client's operation name is cut to 100 characters.
async function run(operationName: string) {
  const lines: Array<Record<string, any>> = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    }),
  );
  const server = new ApolloServer<{ requestId: string }>({
    typeDefs: 'type Query { citizen: String }',
    resolvers: {
      Query: {
        citizen: () => {
          // As drizzle reports a failed query: the SQL and its parameters in the message, the driver's error as cause.
          throw Object.assign(
            new Error(
              'Failed query: select full_name from citizens where personal_id = $1\nparams: 079203000123',
            ),
            {
              query: 'select full_name from citizens where personal_id = $1',
              params: ['079203000123'],
              cause: Object.assign(new Error('canceling statement due to conflict'), { code: '40001' }),
            },
          );
        },
      },
    },
    formatError: createFormatError(),
    plugins: [observe('test', createMetrics('test'), logger, (ctx) => ctx.requestId)],
    stopOnTerminationSignals: false,
  });
  await server.start();
  const response = await server.executeOperation(
    { query: `query ${operationName} { citizen }`, operationName },
    { contextValue: { requestId: 'req-42' } },
  );
  await server.stop();
  await new Promise((resolve) => setImmediate(resolve));
  return { response, lines };
}

describe('observe and formatError', () => {
  it('answers an internal failure with no SQL and logs its statement, never its parameters', async () => {
    const { response, lines } = await run('Lookup');
    const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
    expect(result?.errors).toEqual([
      expect.objectContaining({
        message: 'Internal server error',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      }),
    ]);
    expect(JSON.stringify(result)).not.toContain('personal_id');
    const logged = lines.find((line) => line.msg === 'internal error');
    expect(logged).toMatchObject({
      requestId: 'req-42',
      err: { statement: 'select full_name from citizens where personal_id = $1', code: '40001' },
    });
    expect(JSON.stringify(lines)).not.toContain('079203000123');
  });

  it('cuts a client-chosen operation name to 100 characters in the log', async () => {
    const { lines } = await run(`Op${'x'.repeat(20_000)}`);
    const request = lines.find((line) => line.msg === 'graphql request');
    expect(request?.operation).toHaveLength(100);
    expect(JSON.stringify(lines).length).toBeLessThan(5_000);
  });

  it('labels metrics from a bounded set: registered names with their own document, else "other"', () => {
    const registered = new Map([['Worklist', new Set(['h1'])]]);
    const label = registeredNames(registered, (d) => (d === worklistDoc ? 'h1' : 'h2'));
    expect(label('Worklist', worklistDoc)).toBe('Worklist');
    expect(label('Worklist', otherDoc)).toBe('other'); // the name alone is anyone's to claim
    expect(label('Mine', otherDoc)).toBe('other');
    expect(label('anonymous', otherDoc)).toBe('anonymous');
    const first = firstNames(2);
    expect(['a', 'b', 'c', 'a'].map((n) => first(n, undefined))).toEqual(['a', 'b', 'other', 'a']);
  });
});
